package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.config.AppSettings;
import dev.runner.config.RunnerConfig;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class RunnerCommandTest {
  @TempDir Path workDir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private RunnerConfig config;

  private int run(Map<String, String> extraEnv, String... args) {
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("PATH", System.getenv("PATH"));
    CommandLine cl = RunnerCommand.commandLine(env, workDir, c -> {
      config = c;
      return 0;
    });
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private int run(String... args) {
    return run(Map.of(), args);
  }

  private RunnerConfig parse(Map<String, String> env, String... args) {
    assertEquals(0, run(env, args), err::toString);
    return config;
  }

  // ---- bad input: exit 2, one line, no stack trace (the full table is BadInputTest) ----

  @Test
  void commandThatExistsButIsNotExecutableIsBadInput() throws IOException {
    Path script = Files.writeString(workDir.resolve("serve.sh"), "echo hi\n");
    assertBadInput(run(script.toString()), script.toString());
  }

  private void assertBadInput(int exit, String named) {
    String e = err.toString();
    List<String> lines = e.lines().toList();
    assertAll(
        () -> assertEquals(2, exit, e),
        () -> assertEquals(1, lines.size(), e),
        () -> assertTrue(e.startsWith("runner: "), e),
        () -> assertTrue(e.contains(named), () -> "should name " + named + ": " + e),
        () -> assertFalse(e.contains("Exception") || e.contains("\tat "), e),
        () -> assertNull(config, "app must not run"));
  }

  // ---- good input ----

  @Test
  void defaults() {
    RunnerConfig c = parse(Map.of(), "true");
    assertEquals(List.of("true"), c.command());
    assertEquals(workDir.toAbsolutePath().normalize(), c.workDir());
    assertEquals(List.of(c.workDir()), c.watch());
    assertEquals(Duration.ofMillis(200), c.debounce());
    assertEquals(Duration.ofSeconds(2), c.debounceMax());
    assertEquals(Duration.ofSeconds(5), c.grace());
    assertEquals(OptionalInt.empty(), c.port());
    assertTrue(c.reload());
    assertEquals(0, c.verbosity());
    assertEquals(List.of("*.java", "*.kt", "*.scala", "*.groovy"), c.sources());
    assertEquals(List.of(), c.include());
    assertEquals(List.of(), c.exclude());
    assertTrue(c.build().isEmpty());
    assertTrue(c.poll().isEmpty(), "native file events");
  }

  @Test
  void readyPathAndNoRestartComeFromTheCommandLineElseTheEnvironmentElseTheFile() throws IOException {
    RunnerConfig plain = parse(Map.of(), "true");
    assertEquals(Optional.empty(), plain.app().readyPath());
    assertEquals(AppSettings.NO_RESTART, plain.app().noRestart());
    Files.writeString(workDir.resolve(ConfigFile.NAME), "ready-path = /file\nno-restart = web/**, *.css\n");
    assertEquals(Optional.of("/file"), parse(Map.of(), "true").app().readyPath());
    assertEquals(List.of("web/**", "*.css"), parse(Map.of(), "true").app().noRestart());
    Map<String, String> env = Map.of("RUNNER_READY_PATH", "/env", "RUNNER_NO_RESTART", "a/**,b/**");
    assertEquals(Optional.of("/env"), parse(env, "true").app().readyPath());
    assertEquals(List.of("a/**", "b/**"), parse(env, "true").app().noRestart());
    RunnerConfig cli = parse(env, "--ready-path", "/health", "--no-restart", "x/**", "--no-restart", "y/**", "true");
    assertEquals(Optional.of("/health"), cli.app().readyPath());
    assertEquals(List.of("x/**", "y/**"), cli.app().noRestart());
    assertEquals(List.of(), parse(env, "--no-restart", "none", "true").app().noRestart(), "none: every change restarts");
  }

  @Test
  void hotswapIsOffUnlessTheCommandLineOrTheFileTurnsItOn() throws IOException {
    assertFalse(parse(Map.of(), "true").jvm().hotswap());
    assertTrue(parse(Map.of(), "--hotswap", "true").jvm().hotswap());
    Files.writeString(workDir.resolve(ConfigFile.NAME), "hotswap = true\n");
    assertTrue(parse(Map.of(), "true").jvm().hotswap());
  }

  @Test
  void pollIsReadFromTheCommandLineElseTheEnvironmentAndZeroMeansNativeEvents() {
    assertEquals(Optional.of(Duration.ofMillis(200)), parse(Map.of(), "--poll", "200ms", "true").poll());
    assertEquals(Optional.of(Duration.ofSeconds(2)), parse(Map.of("RUNNER_POLL", "2s"), "true").poll());
    assertEquals(Optional.of(Duration.ofSeconds(1)), parse(Map.of("RUNNER_POLL", "2s"), "--poll", "1s", "true").poll());
    assertEquals(Optional.empty(), parse(Map.of("RUNNER_POLL", "2s"), "--poll", "0", "true").poll());
  }

  @Test
  void optionsAreRead() {
    RunnerConfig c = parse(Map.of(), "-w", "src", "--include", "*.class", "--exclude", "*.log",
        "--source", "*.kt", "--build", "make", "--debounce", "50ms", "--grace", "1s", "--port", "8080",
        "--no-reload", "-q", "sh", "-c", "exit 0");
    assertEquals(List.of("sh", "-c", "exit 0"), c.command());
    assertEquals(List.of(workDir.resolve("src")), c.watch());
    assertEquals(List.of("*.class"), c.include());
    assertEquals(List.of("*.log"), c.exclude());
    assertEquals(List.of("*.kt"), c.sources());
    assertEquals("make", c.build().orElseThrow());
    assertEquals(Duration.ofMillis(50), c.debounce());
    assertEquals(Duration.ofSeconds(1), c.grace());
    assertEquals(OptionalInt.of(8080), c.port());
    assertFalse(c.reload());
    assertEquals(-1, c.verbosity());
  }

  @Test
  void optionsAfterTheCommandBelongToTheCommand() {
    RunnerConfig c = parse(Map.of(), "true", "--grace", "1s");
    assertEquals(List.of("true", "--grace", "1s"), c.command());
    assertEquals(Duration.ofSeconds(5), c.grace());
  }

  @Test
  void doubleDashSeparatesTheCommand() {
    RunnerConfig c = parse(Map.of(), "--grace", "1s", "--", "sh", "-v", "--port", "1");
    assertEquals(List.of("sh", "-v", "--port", "1"), c.command());
    assertEquals(Duration.ofSeconds(1), c.grace());
    assertEquals(0, c.verbosity());
  }

  @Test
  void emptyVariablesAreUnsetZeroDurationsAreAllowedAndAnEmptyBuildMeansNone() {
    RunnerConfig c = parse(Map.of("RUNNER_PORT", "", "RUNNER_GRACE", " ", "WEB_CONCURRENCY", "", "RUNNER_BUILD", "make"),
        "--build", "", "--debounce", "0", "--timeout-start", "0s", "--timeout-notify", "0", "true");
    assertEquals(OptionalInt.empty(), c.port());
    assertEquals(Duration.ofSeconds(5), c.grace());
    assertEquals(1, c.workers());
    assertTrue(c.build().isEmpty(), "--build '' overrides RUNNER_BUILD");
    assertEquals(Duration.ZERO, c.debounce());
    assertEquals(Duration.ZERO, c.timeoutStart());
    assertEquals(Duration.ZERO, c.timeoutNotify());
  }

  @Test
  void debounceCapIsRaisedToTheQuietPeriod() {
    RunnerConfig c = parse(Map.of(), "--debounce", "5s", "true");
    assertEquals(Duration.ofSeconds(5), c.debounceMax());
  }

  @Test
  void environmentGivesDefaults() {
    RunnerConfig c = parse(Map.of("RUNNER_GRACE", "2s", "RUNNER_WATCH", "a:b", "RUNNER_DEBOUNCE", "1s",
        "RUNNER_PORT", "9090", "RUNNER_BUILD", "make"), "true");
    assertEquals(Duration.ofSeconds(2), c.grace());
    assertEquals(List.of(workDir.resolve("a"), workDir.resolve("b")), c.watch());
    assertEquals(Duration.ofSeconds(1), c.debounce());
    assertEquals(OptionalInt.of(9090), c.port());
    assertEquals("make", c.build().orElseThrow());
  }

  @Test
  void commandLineWinsOverEnvironment() {
    RunnerConfig c = parse(Map.of("RUNNER_GRACE", "2s", "RUNNER_WATCH", "a:b", "RUNNER_PORT", "abc"),
        "--grace", "3s", "-w", "c", "--port", "8080", "true");
    assertEquals(Duration.ofSeconds(3), c.grace());
    assertEquals(List.of(workDir.resolve("c")), c.watch());
    assertEquals(OptionalInt.of(8080), c.port());
  }

  // ---- help and version ----

  @Test
  void helpNamesEveryEnvironmentVariable() {
    assertEquals(0, run("--help"));
    String help = out.toString();
    for (String var : List.of("RUNNER_WATCH", "RUNNER_BUILD", "RUNNER_DEBOUNCE", "RUNNER_GRACE",
        "RUNNER_PORT", "RUNNER_POLL", "RUNNER_READY_PATH", "RUNNER_NO_RESTART", "WEB_CONCURRENCY", "NO_COLOR")) {
      assertTrue(help.contains(var), var);
    }
    assertTrue(help.contains("'" + File.pathSeparator + "'"), "RUNNER_WATCH separator is filled in");
    assertNull(config);
  }

  @Test
  void helpGivesTheDefaultOfEveryOptionThatTakesAValue() {
    assertEquals(0, run("--help"));
    String help = out.toString();
    CommandLine cl = RunnerCommand.commandLine(Map.of(), workDir, c -> 0);
    for (OptionSpec option : cl.getCommandSpec().options()) {
      assertTrue(help.contains(option.longestName()), option.longestName());
      boolean flag = option.type() == boolean.class || option.type() == Boolean.class;
      String description = String.join(" ", option.description());
      assertTrue(flag || description.contains("default"),
          () -> option.longestName() + " does not say its default: " + description);
    }
  }

  @Test
  void versionNamesTheRunner() {
    assertEquals(0, run("--version"));
    assertTrue(out.toString().startsWith("runner "), out.toString());
    assertFalse(out.toString().contains("${"), out.toString());
  }

  @Nested
  class ConfigFileTest {
    private RunnerConfig parse(Map<String, String> env, String properties, String... args) throws IOException {
      Files.writeString(workDir.resolve("runner.properties"), properties);
      RunnerConfig[] seen = new RunnerConfig[1];
      StringWriter err = new StringWriter();
      Map<String, String> withPath = new HashMap<>(env);
      withPath.put("PATH", System.getenv("PATH"));
      CommandLine cl = RunnerCommand.commandLine(withPath, workDir, c -> {
        seen[0] = c;
        return 0;
      });
      cl.setErr(new PrintWriter(err));
      int exit = cl.execute(args);
      lastErr = err.toString();
      lastExit = exit;
      return seen[0];
    }

    private String lastErr;
    private int lastExit;

    @Test
    void theFileGivesDefaultsTheEnvironmentBeatsTheFileAndTheCommandLineBeatsBoth() throws IOException {
      String props = "# team defaults\nport = 9000\ngrace = 2s\ndebounce = 300ms\njavac = false\n"
          + "workers = 2\nwatch = src, classes\ncommand = true --flag\n";
      RunnerConfig fromFile = parse(Map.of(), props);
      assertEquals(OptionalInt.of(9000), fromFile.port());
      assertEquals(Duration.ofSeconds(2), fromFile.grace());
      assertEquals(2, fromFile.workers());
      assertEquals(List.of("true", "--flag"), fromFile.command());
      assertEquals(List.of(workDir.resolve("src"), workDir.resolve("classes")), fromFile.watch());

      RunnerConfig envWins = parse(Map.of("RUNNER_GRACE", "3s", "WEB_CONCURRENCY", "3"), props);
      assertEquals(Duration.ofSeconds(3), envWins.grace());
      assertEquals(3, envWins.workers());
      assertEquals(Duration.ofMillis(300), envWins.debounce());

      assertEquals(Optional.empty(), fromFile.poll());
      assertEquals(Optional.of(Duration.ofMillis(500)), parse(Map.of(), props + "poll = 500ms\n").poll());

      RunnerConfig cliWins = parse(Map.of("RUNNER_GRACE", "3s"), props, "--grace", "4s", "--port", "9100", "sh");
      assertEquals(Duration.ofSeconds(4), cliWins.grace());
      assertEquals(OptionalInt.of(9100), cliWins.port());
      assertEquals(List.of("sh"), cliWins.command());
    }

    @Test
    void anUnknownKeyIsAnErrorNamingTheFileAndLine() throws IOException {
      parse(Map.of(), "port = 9000\n\nprot = 9001\n", "true");
      assertEquals(2, lastExit);
      assertTrue(lastErr.startsWith("runner: runner.properties:3: unknown key 'prot'"), lastErr);
      assertEquals(1, lastErr.lines().count(), lastErr);
    }

    @Test
    void aBadValueInTheFileNamesTheFileAndLine() throws IOException {
      parse(Map.of(), "grace = soon\n", "true");
      assertEquals(2, lastExit);
      assertTrue(lastErr.contains("runner.properties:1 (grace): 'soon' is not a duration"), lastErr);
      parse(Map.of(), "javac = maybe\n", "true");
      assertTrue(lastErr.contains("runner.properties:1 (javac): 'maybe' is not true or false"), lastErr);
      parse(Map.of(), "poll = 1ms\n", "true");
      assertTrue(lastErr.contains("runner.properties:1 (poll): '1ms' is too short to poll at"), lastErr);
      parse(Map.of(), "port\n", "true");
      assertTrue(lastErr.contains("runner.properties:1: expected 'key = value'"), lastErr);
    }
  }

  @Test
  void completionForBashIsAScriptAndAnUnknownShellIsBadInput() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = RunnerCommand.commandLine(Map.of("PATH", System.getenv("PATH")), workDir, c -> 0);
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    assertEquals(0, cl.execute("completion", "bash"));
    assertTrue(out.toString().contains("complete -F"), out.toString());
    try {
      Path script = Files.writeString(workDir.resolve("runner.bash"), out.toString());
      Process check = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
      String said = new String(check.getInputStream().readAllBytes());
      assertEquals(0, check.waitFor(), "bash -n: " + said);
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
    assertEquals(2, cl.execute("completion", "fish"));
    assertTrue(err.toString().contains("unknown shell 'fish'"), err.toString());
  }

  @Test
  void anAtFileArgumentBelongsToTheCommandAndIsNotExpandedByTheRunner() throws IOException {
    Files.writeString(workDir.resolve("body.json"), "{\"a\": 1}");
    RunnerConfig[] seen = new RunnerConfig[1];
    CommandLine cl = RunnerCommand.commandLine(Map.of("PATH", System.getenv("PATH")), workDir, c -> {
      seen[0] = c;
      return 0;
    });
    assertEquals(0, cl.execute("--", "true", "-d", "@body.json"));
    assertEquals(List.of("true", "-d", "@body.json"), seen[0].command());
  }
}
