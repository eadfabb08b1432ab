package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every way to hand the runner something it cannot use: each option, each runner.properties key,
 * each documented environment variable and COMMAND, with wrong types, negatives, zeros, empty and
 * out-of-range values, unknown units, missing values and conflicting combinations. Each row must
 * end in exit status 2 and one line on stderr that names the option, variable or file:line. The
 * option list comes from picocli's model and the keys from {@link ConfigFile#KEYS}, and a test
 * fails when one of them has no row, so a new option cannot be forgotten here: add a row (for a
 * new duration option {@code duration("--poll")} is the whole row set).
 */
class BadInputTest {
  private static final String POM_WITHOUT_MAIN = "<project><modelVersion>4.0.0</modelVersion></project>\n";

  @TempDir Path workDir;

  /**
   * One bad input. {@code covers} is what the row is about: an option's longest name, {@code key X}
   * for a runner.properties key, {@code env X} for a variable, {@code COMMAND}, or {@code file} for
   * the file's syntax. {@code named} are the texts the error line must contain.
   */
  record Row(String covers, Map<String, String> env, Map<String, String> files, List<String> args,
      List<String> named) {
    Row env(String name, String value) {
      Map<String, String> e = new LinkedHashMap<>(env);
      e.put(name, value);
      return new Row(covers, e, files, args, named);
    }

    /** No COMMAND on the command line (one may come from the file). */
    Row noCommand() {
      return new Row(covers, env, files, List.of(), named);
    }

    /** A file written into the working directory first ({@code runner.properties}, a pom, ...). */
    Row file(String path, String content) {
      Map<String, String> f = new LinkedHashMap<>(files);
      f.put(path, content);
      return new Row(covers, env, f, args, named);
    }

    @Override
    public String toString() {
      String shown = args.stream().map(a -> a.isEmpty() || a.contains(" ") ? "'" + a + "'" : a)
          .collect(Collectors.joining(" "));
      return covers + ": runner " + shown + (env.isEmpty() ? "" : " with " + env)
          + (files.isEmpty() ? "" : " and " + files.keySet().stream()
              .map(f -> f + (f.equals(ConfigFile.NAME) ? " [" + files.get(f).strip().replace("\n", "; ") + "]" : ""))
              .collect(Collectors.joining(", ")));
    }
  }

  // ---- the table: add rows here ----

  static Stream<Row> explicitRows() {
    return Stream.of(
        Stream.of(
            combo("--frobnicate", "--frobnicate", "--frobnicate", "x", "--", "true"),
            // --watch
            cli("--watch", ""),
            combo("--watch", "App.java is a file", "-w", "App.java", "true").file("App.java", "class App {}\n"),
            // globs
            cli("--include", "["),
            cli("--include", ""),
            cli("--exclude", "{a"),
            cli("--exclude", " "),
            cli("--source", "[a-"),
            cli("--source", ""),
            // build and compile
            combo("--build", "--javac and --build", "--javac", "--build", "make", "true"),
            combo("--build", "cannot be used with --build", "--maven", ".", "--build", "make")
                .file("pom.xml", POM_WITHOUT_MAIN),
            flag("--javac"),
            combo("--maven", "no pom.xml", "--maven", "no-such-dir"),
            combo("--model", "--maven and --model cannot be used together", "--maven", ".", "--model", "m.json")
                .file("pom.xml", POM_WITHOUT_MAIN),
            combo("--model", "--model: ", "--model", "no-such-model.json"),
            combo("--module", "--module only goes with --maven", "--module", "app", "true"),
            combo("--jvm-arg", "--jvm-arg only goes with --maven", "--jvm-arg", "-Xmx1g", "true"),
            combo("--main", "--main only goes with --maven", "--main", "com.x.Main", "true"),
            combo("--main", "--main: 'not a class'", "--maven", ".", "--main", "not a class")
                .file("pom.xml", POM_WITHOUT_MAIN),
            combo("--main", "--main: ''", "--maven", ".", "--main", "").file("pom.xml", POM_WITHOUT_MAIN),
            // ports and workers
            cli("--port", "0"),
            cli("--port", "70000"),
            cli("--port", "-1"),
            cli("--port", "abc"),
            cli("--port", "80.5"),
            cli("--port", ""),
            cli("--host", "", "--port", "8080", "true"),
            cli("--host", " ", "--port", "8080", "true"),
            cli("--workers", "0", "--port", "8080", "true"),
            cli("--workers", "-1", "--port", "8080", "true"),
            cli("--workers", "abc", "--port", "8080", "true"),
            cli("--workers", "65", "--port", "8080", "true"),
            cli("--workers", "", "--port", "8080", "true"),
            combo("--workers", "--workers 2 needs --port", "--workers", "2", "true"),
            combo("--no-proxy", "--workers 2 cannot be used with --no-proxy",
                "--workers", "2", "--port", "8080", "--no-proxy", "true"),
            flag("--no-proxy"),
            cli("--max-requests", "x", "--port", "8080", "true"),
            cli("--max-requests", "-1", "--port", "8080", "true"),
            cli("--max-requests", "", "--port", "8080", "true"),
            cli("--max-requests", "99999999999", "--port", "8080", "true"),
            combo("--max-requests", "--max-requests needs --port", "--max-requests", "10", "true"),
            cli("--max-requests-jitter", "-5", "--port", "8080", "true"),
            cli("--max-requests-jitter", "1.5", "--port", "8080", "true"),
            combo("--max-requests-jitter", "needs --port", "--max-requests-jitter", "3", "true"),
            combo("--live-reload", "--live-reload needs --port", "--live-reload", "true"),
            combo("--live-reload", "--live-reload needs --port", "--live-reload", "--port", "8080", "--no-proxy",
                "true"),
            flag("--live-reload"),
            // readiness and resources
            cli("--ready-path", "health"),
            cli("--ready-path", ""),
            cli("--ready-path", "/a b"),
            cli("--no-restart", "["),
            cli("--no-restart", ""),
            // the rest of the flags
            flag("--no-cds"),
            flag("--no-standby"),
            flag("--hotswap"),
            flag("--exit-with-parent"),
            flag("--no-reload"),
            flag("--help"),
            flag("--version"),
            combo("--verbose", "--verbose and --quiet cannot be used together", "-v", "-q", "true"),
            combo("--quiet", "--verbose and --quiet cannot be used together", "--quiet", "--verbose", "true"),
            // COMMAND
            combo("COMMAND", "no COMMAND", "--port", "8080"),
            combo("COMMAND", "no COMMAND"),
            combo("COMMAND", "'no-such-command-xyz'", "no-such-command-xyz"),
            combo("COMMAND", "'./serve.sh'", "./serve.sh").file("serve.sh", "echo hi\n"),
            combo("COMMAND", "'./sub'", "--", "./sub", "x").file("sub/keep", ""),
            combo("COMMAND", "not executable: ''", "--", ""),
            // environment
            env("RUNNER_WATCH", "a::b", "RUNNER_WATCH: empty directory name"),
            env("RUNNER_READY_PATH", "health", "RUNNER_READY_PATH: 'health'"),
            env("RUNNER_NO_RESTART", "static/**, [a", "RUNNER_NO_RESTART: bad glob '[a'"),
            env("RUNNER_DEBOUNCE", "5", "RUNNER_DEBOUNCE: '5'"),
            env("RUNNER_GRACE", "abc", "RUNNER_GRACE: 'abc'"),
            env("RUNNER_POLL", "1", "RUNNER_POLL: '1'"),
            env("RUNNER_POLL", "1ms", "RUNNER_POLL: '1ms' is too short"),
            env("RUNNER_PORT", "abc", "RUNNER_PORT: 'abc'"),
            env("RUNNER_PORT", "0", "RUNNER_PORT: '0'"),
            env("WEB_CONCURRENCY", "abc", "WEB_CONCURRENCY: 'abc'", "--port", "8080", "true"),
            env("WEB_CONCURRENCY", "0", "WEB_CONCURRENCY: '0'", "--port", "8080", "true"),
            env("WEB_CONCURRENCY", "3", "WEB_CONCURRENCY=3 needs --port"),
            // runner.properties: its syntax
            properties("file", "port = 9000\n\nprot = 9001\n", "runner.properties:3: unknown key 'prot'", "true"),
            properties("file", "port\n", "runner.properties:1: expected 'key = value'", "true"),
            properties("file", "= 9000\n", "runner.properties:1: expected 'key = value'", "true"),
            properties("file", "port = 1\nport = 2\n", "runner.properties:2: 'port' given twice", "true"),
            // runner.properties: every key
            properties("key watch", "watch = src, App.java\n", "runner.properties:1 (watch) App.java is a file", "true")
                .file("App.java", "class App {}\n"),
            key("include", "["),
            key("exclude", "{a"),
            key("source", "[a-"),
            properties("key build", "javac = true\nbuild = make\n",
                "runner.properties:1 (javac) and runner.properties:2 (build) cannot be used together", "true"),
            properties("key javac", "build = make\njavac = on\n",
                "runner.properties:2 (javac) and runner.properties:1 (build) cannot be used together", "true"),
            key("javac", "maybe"),
            key("port", "0"),
            key("port", "abc"),
            key("host", " "),
            key("workers", "0"),
            key("workers", "many"),
            key("no-proxy", "maybe"),
            key("max-requests", "-1"),
            key("max-requests-jitter", "x"),
            key("no-cds", "maybe"),
            key("no-standby", "maybe"),
            key("live-reload", "maybe"),
            key("hotswap", "maybe"),
            properties("key live-reload", "live-reload = true\n", "runner.properties:1 (live-reload) needs --port",
                "true"),
            properties("key no-proxy", "no-proxy = yes\n", "--workers 2 cannot be used with runner.properties:1"
                + " (no-proxy)", "--workers", "2", "--port", "8080", "true"),
            properties("key max-requests", "max-requests = 5\n", "runner.properties:1 (max-requests) needs --port",
                "true"),
            properties("key max-requests-jitter", "max-requests-jitter = 5\n",
                "runner.properties:1 (max-requests-jitter) needs --port", "true"),
            properties("key maven", "maven = no-such-dir\n", "runner.properties:1 (maven): no pom.xml"),
            properties("key maven", "maven = .\ncommand = true\n",
                "runner.properties:1 (maven) runs the project's main class and takes no runner.properties:2 (command)")
                .file("pom.xml", POM_WITHOUT_MAIN),
            properties("key module", "module = app\n", "runner.properties:1 (module) only goes with --maven", "true"),
            properties("key jvm-arg", "jvm-arg = -Xmx1g\n", "runner.properties:1 (jvm-arg) only goes with --maven",
                "true"),
            properties("key model", "model = no-such-model.json\n", "--model: "),
            properties("key main", "main = com.x.Main\n", "runner.properties:1 (main) only goes with --maven", "true"),
            properties("key main", "maven = .\nmain = not a class\n", "runner.properties:2 (main): 'not a class'")
                .file("pom.xml", POM_WITHOUT_MAIN),
            key("exit-with-parent", "maybe"),
            key("ready-path", "health"),
            key("no-restart", "["),
            key("no-reload", "maybe"),
            key("verbose", "maybe"),
            key("quiet", "maybe"),
            properties("key quiet", "verbose = true\nquiet = true\n",
                "runner.properties:1 (verbose) and runner.properties:2 (quiet) cannot be used together", "true"),
            key("command", "no-such-command-xyz").noCommand(),
            key("command", "./serve.sh").noCommand().file("serve.sh", "echo hi\n")),
        duration("--debounce"),
        duration("--debounce-max"),
        duration("--grace"),
        duration("--hold-timeout"),
        duration("--timeout-start"),
        duration("--timeout-notify"),
        duration("--poll"),
        Stream.of(combo("--poll", "--poll: '5ms' is too short", "--poll", "5ms", "true")))
        .flatMap(s -> s);
  }

  /** Environment variables from --help that take any value, so no value of theirs is bad input. */
  private static final Map<String, String> ENV_WITHOUT_BAD_VALUES = Map.of(
      "RUNNER_BUILD", "any shell command; empty means unset",
      "NO_COLOR", "only whether it is set counts");

  // ---- row builders: one line per row ----

  /** {@code option value [rest...]}: the error names the option and quotes the value. */
  static Row cli(String option, String value, String... rest) {
    List<String> args = new ArrayList<>(List.of(option, value));
    args.addAll(rest.length == 0 ? List.of("true") : List.of(rest));
    List<String> named = value.isBlank() ? List.of(option) : List.of(option, "'" + value + "'");
    return new Row(option, Map.of(), Map.of(), args, named);
  }

  /** Any command line, and the text its error must contain. */
  static Row combo(String covers, String named, String... args) {
    return new Row(covers, Map.of(), Map.of(), List.of(args), List.of(named));
  }

  /** A flag given a value: picocli's own check. */
  static Row flag(String option) {
    return new Row(option, Map.of(), Map.of(), List.of(option + "=maybe", "true"), List.of(option, "'maybe'"));
  }

  static Row env(String name, String value, String named, String... args) {
    return new Row("env " + name, Map.of(name, value), Map.of(), args.length == 0 ? List.of("true") : List.of(args),
        List.of(named));
  }

  /** {@code key = value} on line 1 of runner.properties, COMMAND {@code true} on the command line. */
  static Row key(String key, String value) {
    List<String> named = value.isBlank() ? List.of("runner.properties:1", key)
        : List.of("runner.properties:1", key, "'" + value + "'");
    return new Row("key " + key, Map.of(), Map.of(ConfigFile.NAME, key + " = " + value + "\n"), List.of("true"), named);
  }

  static Row properties(String covers, String text, String named, String... args) {
    return new Row(covers, Map.of(), Map.of(ConfigFile.NAME, text), List.of(args), List.of(named));
  }

  /** Every bad form of a duration, on the command line and in the file. */
  static Stream<Row> duration(String option) {
    String key = option.substring(2);
    return Stream.of(
        cli(option, "abc"),
        cli(option, "5"),
        cli(option, "-1s"),
        cli(option, "2d"),
        cli(option, "5 sec"),
        cli(option, "0.5ms"),
        cli(option, "25h"),
        cli(option, "1e3ms"),
        cli(option, ""),
        key(key, "soon"),
        key(key, "3"));
  }

  /** Rows picocli's model gives for free: a missing value, an option given twice, an empty value in the file. */
  static Stream<Row> generatedRows() {
    List<Row> rows = new ArrayList<>();
    for (OptionSpec o : spec().options()) {
      String name = o.longestName();
      boolean flag = o.type() == boolean.class || o.type() == Boolean.class;
      if (o.arity().min() > 0) {
        rows.add(new Row(name, Map.of(), Map.of(), List.of(o.names()[0]), List.of(name)));
      }
      if (!o.isMultiValue() && !o.usageHelp() && !o.versionHelp()) {
        List<String> twice = flag || o.arity().min() == 0 ? List.of(o.names()[0], name, "true")
            : List.of(o.names()[0], "x", name, "y", "true");
        rows.add(new Row(name, Map.of(), Map.of(), twice, List.of(name, "only once")));
      }
    }
    for (String key : new TreeSet<>(ConfigFile.KEYS)) {
      if (!key.equals("maven")) { // "maven =" means the working directory
        rows.add(new Row("key " + key, Map.of(), Map.of(ConfigFile.NAME, "# comment\n" + key + " =\n"),
            List.of("true"), List.of("runner.properties:2: '" + key + "' has no value")));
      }
    }
    return rows.stream();
  }

  static Stream<Row> allRows() {
    return Stream.concat(explicitRows(), generatedRows());
  }

  // ---- the checks ----

  @ParameterizedTest(name = "{0}")
  @MethodSource("allRows")
  void badInputIsOneLineNamingTheCulpritAndExitStatusTwo(Row row) throws IOException {
    for (Map.Entry<String, String> f : row.files().entrySet()) {
      Path p = workDir.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue());
    }
    Map<String, String> env = new HashMap<>(row.env());
    env.put("PATH", System.getenv("PATH"));
    boolean[] ran = {false};
    CommandLine cl = RunnerCommand.commandLine(env, workDir, c -> {
      ran[0] = true;
      return 0;
    });
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(row.args().toArray(String[]::new));
    String e = err.toString();
    assertAll(row.toString(),
        () -> assertEquals(2, exit, e),
        () -> assertEquals(1, e.lines().count(), () -> "one line: " + e),
        () -> assertTrue(e.startsWith("runner: "), e),
        () -> row.named().forEach(n -> assertTrue(e.contains(n), () -> "should name " + n + ": " + e)),
        () -> assertFalse(e.contains("Exception") || e.contains("\tat "), e),
        () -> assertEquals("", out.toString(), "nothing on stdout"),
        () -> assertFalse(ran[0], "the runner must not start"));
  }

  @Test
  void everyOptionHasARow() {
    Set<String> covered = explicitRows().map(Row::covers).collect(Collectors.toSet());
    List<String> missing = spec().options().stream().map(OptionSpec::longestName).filter(n -> !covered.contains(n))
        .toList();
    assertEquals(List.of(), missing, "options without a bad-input row in BadInputTest.explicitRows()");
    assertTrue(covered.contains("COMMAND"), "COMMAND has rows");
  }

  @Test
  void everyConfigKeyHasARow() {
    Set<String> covered = explicitRows().map(Row::covers).collect(Collectors.toSet());
    List<String> missing = new TreeSet<>(ConfigFile.KEYS).stream().filter(k -> !covered.contains("key " + k)).toList();
    assertEquals(List.of(), missing, "runner.properties keys without a bad-input row in BadInputTest.explicitRows()");
  }

  @Test
  void everyOptionCanBeSetInTheFileAndNothingElseCan() {
    Set<String> expected = new TreeSet<>();
    for (OptionSpec o : spec().options()) {
      if (!o.usageHelp() && !o.versionHelp()) {
        expected.add(o.longestName().substring(2));
      }
    }
    expected.add("command");
    assertEquals(expected, new TreeSet<>(ConfigFile.KEYS), "ConfigFile.KEYS against the options");
  }

  @Test
  void everyEnvironmentVariableInTheHelpHasARowOrAReasonWhyNot() {
    Set<String> covered = explicitRows().map(Row::covers).collect(Collectors.toSet());
    Matcher m = Pattern.compile("(?m)^ {2}([A-Z_]+) ").matcher(String.join("\n", spec().usageMessage().footer()));
    List<String> missing = new ArrayList<>();
    int documented = 0;
    while (m.find()) {
      documented++;
      String var = m.group(1);
      if (!covered.contains("env " + var) && !ENV_WITHOUT_BAD_VALUES.containsKey(var)) {
        missing.add(var);
      }
    }
    assertTrue(documented >= 7, "the help's environment list was found");
    assertEquals(List.of(), missing, "environment variables without a bad-input row");
  }

  private static CommandLine.Model.CommandSpec spec() {
    return RunnerCommand.commandLine(Map.of(), Path.of(""), c -> 0).getCommandSpec();
  }
}
