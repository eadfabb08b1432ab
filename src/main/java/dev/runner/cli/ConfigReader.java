package dev.runner.cli;

import static dev.runner.cli.RunnerCommand.DEFAULT_DEBOUNCE;
import static dev.runner.cli.RunnerCommand.DEFAULT_DEBOUNCE_MAX;
import static dev.runner.cli.RunnerCommand.DEFAULT_GRACE;
import static dev.runner.cli.RunnerCommand.DEFAULT_HOLD;
import static dev.runner.cli.RunnerCommand.DEFAULT_SOURCES;
import static dev.runner.cli.RunnerCommand.DEFAULT_TIMEOUT_NOTIFY;
import static dev.runner.cli.RunnerCommand.DEFAULT_TIMEOUT_START;

import dev.runner.config.AppSettings;
import dev.runner.config.ChildJvm;
import dev.runner.config.Durations;
import dev.runner.config.RunnerConfig;
import dev.runner.project.MavenApp;
import dev.runner.project.ModelJson;
import dev.runner.project.ModelSource;
import dev.runner.project.ProjectModel;
import dev.runner.process.Executables;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine.ParameterException;

/**
 * Turns what picocli parsed ({@link RunnerCommand}'s options), the environment and
 * {@code runner.properties} into a {@link RunnerConfig}, in that order of precedence, or into a
 * one-line error that names where the bad value came from. The options are declared on
 * {@link RunnerCommand} (which is what --help shows); what they mean together is decided here.
 */
final class ConfigReader {
  private static final Pattern CLASS_NAME =
      Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
          + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

  private final RunnerCommand o;
  private final Map<String, String> env;
  private final Path workDir;
  private ConfigFile file = ConfigFile.none();
  /** Keys whose value came from runner.properties, so an error can name the file and line instead. */
  private final Set<String> fromFile = new HashSet<>();
  private boolean javacFromFile;
  private String workersSource = "--workers";

  ConfigReader(RunnerCommand options, Map<String, String> env, Path workDir) {
    this.o = options;
    this.env = env;
    this.workDir = workDir;
  }

  RunnerConfig read() {
    try {
      file = ConfigFile.load(workDir);
      mergeFile();
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
    if (o.verbose && o.quiet) {
      throw bad(where("verbose") + " and " + where("quiet") + " cannot be used together");
    }
    Optional<MavenApp> mavenApp = Optional.empty();
    if (o.maven != null || o.model != null) {
      mavenApp = Optional.of(maven());
    } else if (o.mainClass != null || o.module != null || !o.jvmArgs.isEmpty()) {
      throw bad(where(o.mainClass != null ? "main" : o.module != null ? "module" : "jvm-arg")
          + " only goes with --maven; otherwise it is part of COMMAND");
    }
    if (o.command.isEmpty()) {
      throw bad("no COMMAND given: runner [OPTIONS] -- COMMAND [ARGS...]");
    }
    String executable = o.command.get(0);
    if (Executables.find(executable, env.get("PATH"), workDir).isEmpty()) {
      throw bad((fromFile.contains("command") ? file.where("command") + ": " : "")
          + "command not found or not executable: '" + executable + "'");
    }
    List<Path> watchDirs = new ArrayList<>();
    boolean watchFromEnv = o.watch.isEmpty() && !env.getOrDefault("RUNNER_WATCH", "").isBlank();
    List<String> watchArgs = !o.watch.isEmpty() ? o.watch
        : watchFromEnv ? List.of(env.get("RUNNER_WATCH").split(File.pathSeparator))
        : !file.list("watch").isEmpty() ? file.list("watch")
        : List.of(".");
    String watchSource = !o.watch.isEmpty() ? "--watch" : watchFromEnv ? "RUNNER_WATCH"
        : file.get("watch").isPresent() ? file.where("watch") : "--watch";
    for (String w : watchArgs) {
      if (w.isBlank()) {
        throw bad(watchSource + ": empty directory name");
      }
      Path p = workDir.resolve(w).toAbsolutePath().normalize();
      if (Files.exists(p) && !Files.isDirectory(p)) {
        throw bad(watchSource + " " + w + " is a file; watch its directory and use --include to pick files");
      }
      watchDirs.add(p);
    }
    Duration debounceValue = duration("--debounce", o.debounce, "RUNNER_DEBOUNCE", DEFAULT_DEBOUNCE);
    Duration debounceMaxValue = duration("--debounce-max", o.debounceMax, null, DEFAULT_DEBOUNCE_MAX);
    if (debounceMaxValue.compareTo(debounceValue) < 0) {
      debounceMaxValue = debounceValue;
    }
    Optional<String> buildValue = Optional.ofNullable(o.build != null ? o.build
        : !env.getOrDefault("RUNNER_BUILD", "").isBlank() ? env.get("RUNNER_BUILD") : file.get("build").orElse(null))
        .filter(s -> !s.isBlank());
    if (javacFromFile && (o.build != null || !env.getOrDefault("RUNNER_BUILD", "").isBlank())) {
      o.javac = false; // a build command from the command line or the environment beats the file's javac
    } else if (javacFromFile && file.get("build").isPresent()) {
      throw bad(file.where("javac") + " and " + file.where("build") + " cannot be used together: pick the"
          + " in-process compiler or your build command");
    }
    if (o.javac && o.build != null) {
      throw bad("--javac and --build cannot be used together: pick the in-process compiler or your build command");
    }
    if (o.javac) {
      buildValue = Optional.empty(); // --javac on the command line wins over RUNNER_BUILD and the file
    }
    checkGlobs("include", o.include);
    checkGlobs("exclude", o.exclude);
    checkGlobs("source", o.sources);
    OptionalInt portValue = port();
    int workerCount = workers();
    boolean proxy = portValue.isPresent() && !o.noProxy;
    if (workerCount > 1 && portValue.isEmpty()) {
      throw bad((workersSource.equals("--workers") ? "--workers "
          : workersSource.equals("WEB_CONCURRENCY") ? "WEB_CONCURRENCY=" : workersSource + ": ") + workerCount
          + " needs --port: several workers can only share one port through the runner's front proxy");
    }
    if (workerCount > 1 && o.noProxy) {
      throw bad("--workers " + workerCount + " cannot be used with " + where("no-proxy")
          + ": only the proxy can share one port");
    }
    int max = count("--max-requests", o.maxRequests);
    int jitter = count("--max-requests-jitter", o.maxRequestsJitter);
    if ((max > 0 || jitter > 0) && !proxy) {
      throw bad(where(max > 0 ? "max-requests" : "max-requests-jitter")
          + " needs --port (without --no-proxy): the front proxy counts the requests");
    }
    if (o.liveReload && !proxy) {
      throw bad(where("live-reload") + " needs --port (without --no-proxy): the script is added by the runner's proxy");
    }
    String hostValue = o.host != null ? o.host.trim() : file.get("host").orElse("127.0.0.1");
    if (hostValue.isEmpty()) {
      throw bad("--host: empty address");
    }
    return new RunnerConfig(
        o.command,
        workDir,
        watchDirs,
        o.include,
        o.exclude,
        o.sources.isEmpty() ? DEFAULT_SOURCES : o.sources,
        buildValue,
        o.javac,
        debounceValue,
        debounceMaxValue,
        duration("--grace", o.grace, "RUNNER_GRACE", DEFAULT_GRACE),
        portValue,
        hostValue,
        proxy,
        workerCount,
        duration("--hold-timeout", o.holdTimeout, null, DEFAULT_HOLD),
        max,
        jitter,
        duration("--timeout-start", o.timeoutStart, null, DEFAULT_TIMEOUT_START),
        duration("--timeout-notify", o.timeoutNotify, null, DEFAULT_TIMEOUT_NOTIFY),
        new ChildJvm(!o.noCds, !o.noStandby, o.hotswap),
        o.liveReload,
        mavenApp,
        o.exitWithParent,
        !o.noReload,
        o.verbose ? 1 : o.quiet ? -1 : 0,
        poll(),
        app());
  }

  /** --ready-path and --no-restart, each from the command line, else the environment, else the file. */
  private AppSettings app() {
    Optional<Raw> path = raw("--ready-path", o.readyPath, "RUNNER_READY_PATH");
    path.ifPresent(r -> {
      if (!r.value().startsWith("/") || r.value().chars().anyMatch(c -> c <= ' ' || c == 127)) {
        throw bad(r.source() + ": '" + r.value() + "' is not a path to GET (it starts with '/', e.g. /health)");
      }
    });
    List<String> globs = AppSettings.NO_RESTART;
    String globsSource = "--no-restart";
    if (!o.noRestart.isEmpty()) {
      globs = o.noRestart;
    } else if (!env.getOrDefault("RUNNER_NO_RESTART", "").isBlank()) {
      globs = List.of(env.get("RUNNER_NO_RESTART").trim().split("\\s*,\\s*"));
      globsSource = "RUNNER_NO_RESTART";
    } else if (file.get("no-restart").isPresent()) {
      globs = file.list("no-restart");
      globsSource = file.where("no-restart");
    }
    if (globs.equals(List.of("none"))) {
      globs = List.of();
    }
    for (String glob : globs) {
      try {
        Globs.check(glob);
      } catch (IllegalArgumentException e) {
        throw bad(globsSource + ": " + e.getMessage());
      }
    }
    return new AppSettings(path.map(Raw::value), globs);
  }

  /** A value as given, and where it came from (the option, the variable or runner.properties:LINE). */
  private record Raw(String value, String source) {}

  /**
   * The one precedence rule: the command line, else {@code envName} (when not null or blank), else
   * the file's key of the same name; empty when none has it.
   */
  private Optional<Raw> raw(String option, String cliValue, String envName) {
    if (cliValue != null) {
      return Optional.of(new Raw(cliValue, option));
    }
    if (envName != null && !env.getOrDefault(envName, "").isBlank()) {
      return Optional.of(new Raw(env.get(envName), envName));
    }
    String key = option.substring(2);
    return file.get(key).map(v -> {
      fromFile.add(key);
      return new Raw(v, file.where(key));
    });
  }

  /** --poll, else RUNNER_POLL, else the file; empty (native events) when none or 0. */
  private Optional<Duration> poll() {
    Optional<Raw> raw = raw("--poll", o.poll, "RUNNER_POLL");
    Duration d = raw.map(this::duration).orElse(Duration.ZERO);
    if (d.isZero()) {
      return Optional.empty();
    }
    if (d.compareTo(RunnerConfig.MIN_POLL) < 0) {
      throw bad(raw.get().source() + ": '" + Durations.format(d) + "' is too short to poll at (at least "
          + Durations.format(RunnerConfig.MIN_POLL) + "; 0 means native file events)");
    }
    return Optional.of(d);
  }

  /** --workers, else WEB_CONCURRENCY, else 1; a bad value names where it came from. */
  private int workers() {
    Optional<Raw> raw = raw("--workers", o.workers, "WEB_CONCURRENCY");
    if (raw.isEmpty()) {
      return 1;
    }
    workersSource = raw.get().source();
    return whole(raw.get(), 1, 64, "is not a worker count (a whole number from 1 to 64)");
  }

  private void checkGlobs(String key, List<String> globs) {
    for (String glob : globs) {
      try {
        Globs.check(glob);
      } catch (IllegalArgumentException e) {
        throw bad(where(key) + ": " + e.getMessage());
      }
    }
  }

  /** The option, or {@code runner.properties:LINE (key)} when the value came from the file. */
  private String where(String key) {
    return fromFile.contains(key) ? file.where(key) : "--" + key;
  }

  private int count(String option, String cliValue) {
    return raw(option, cliValue, null)
        .map(r -> whole(r, 0, Integer.MAX_VALUE, "is not a count (a whole number, 0 or more)")).orElse(0);
  }

  private OptionalInt port() {
    return raw("--port", o.port, "RUNNER_PORT")
        .map(r -> OptionalInt.of(whole(r, 1, 65535, "is not a port number (1-65535)"))).orElse(OptionalInt.empty());
  }

  /** A whole number from {@code min} to {@code max}, or bad input naming where it came from. */
  private int whole(Raw r, int min, int max, String notWhat) {
    try {
      int n = Integer.parseInt(r.value().trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(r.source() + ": '" + r.value() + "' " + notWhat);
  }

  private Duration duration(String option, String cliValue, String envName, String fallback) {
    return raw(option, cliValue, envName).map(this::duration).orElseGet(() -> Durations.parse(fallback));
  }

  private Duration duration(Raw r) {
    try {
      return Durations.parse(r.value());
    } catch (IllegalArgumentException e) {
      throw bad(r.source() + ": " + e.getMessage());
    }
  }

  /**
   * Fills in COMMAND, the watched directories and --javac from the project model: the cached one
   * when no pom changed, else Maven's (seconds, said on stderr). COMMAND given here is the app's
   * arguments.
   */
  private MavenApp maven() {
    if (fromFile.contains("command")) {
      throw bad(where("maven") + " runs the project's main class and takes no " + file.where("command")
          + " (use main = CLASS to pick it)");
    }
    if (o.maven != null && o.model != null) {
      throw bad("--maven and --model cannot be used together: --model is the file --maven would make");
    }
    if (o.build != null) {
      throw bad(where("maven") + " compiles in-process and cannot be used with --build");
    }
    if (o.mainClass != null && !CLASS_NAME.matcher(o.mainClass).matches()) {
      throw bad(where("main") + ": '" + o.mainClass + "' is not a class name (e.g. com.example.Main)");
    }
    String door = o.model != null ? "--model" : where("maven");
    MavenApp app;
    try {
      ProjectModel m;
      if (o.model != null) {
        m = ModelJson.read(Files.readString(workDir.resolve(o.model)));
      } else {
        ModelSource source = new ModelSource(workDir.resolve(o.maven),
            line -> { if (o.verbose || line.startsWith("resolving")) { o.spec.commandLine().getErr().println("[runner] " + line); } });
        m = source.load();
      }
      app = MavenApp.choose(m, new MavenApp.Choice(Optional.ofNullable(o.module), Optional.ofNullable(o.mainClass),
          o.jvmArgs, o.command));
    } catch (IOException | IllegalArgumentException e) {
      throw bad(door + ": " + e.getMessage());
    }
    o.command = app.command();
    List<String> dirs = new ArrayList<>(o.watch);
    app.watched().forEach(p -> dirs.add(p.toString()));
    o.watch = dirs;
    o.javac = true;
    return app;
  }

  /** A flag that is on from the command line, else from the file (which errors then name). */
  private boolean fileFlag(String key, boolean fromCli) {
    if (fromCli || !file.flag(key)) {
      return fromCli;
    }
    fromFile.add(key);
    return true;
  }

  /** Options not given on the command line take the file's value (the environment is read later). */
  private void mergeFile() {
    javacFromFile = !o.javac && file.flag("javac");
    o.javac |= file.flag("javac");
    o.noProxy = fileFlag("no-proxy", o.noProxy);
    o.noCds |= file.flag("no-cds");
    o.noStandby |= file.flag("no-standby");
    o.exitWithParent |= file.flag("exit-with-parent");
    o.noReload |= file.flag("no-reload");
    o.liveReload = fileFlag("live-reload", o.liveReload);
    o.hotswap = fileFlag("hotswap", o.hotswap);
    if (o.maven == null && o.command.isEmpty() && file.get("maven").isPresent()) {
      // a COMMAND on the command line beats the file's maven mode
      o.maven = file.get("maven").map(v -> v.isEmpty() ? "." : v).orElseThrow();
      fromFile.add("maven");
    }
    if (o.model == null && o.maven == null && o.command.isEmpty() && file.get("model").isPresent()) {
      o.model = file.get("model").orElseThrow();
      fromFile.add("model");
    }
    if (o.jvmArgs.isEmpty() && file.get("jvm-arg").isPresent()) {
      o.jvmArgs = file.list("jvm-arg");
      fromFile.add("jvm-arg");
    }
    if (o.module == null && file.get("module").isPresent()) {
      o.module = file.get("module").orElseThrow();
      fromFile.add("module");
    }
    if (o.mainClass == null && file.get("main").isPresent()) {
      o.mainClass = file.get("main").orElseThrow();
      fromFile.add("main");
    }
    if (!o.verbose && !o.quiet) {
      o.verbose = file.flag("verbose");
      o.quiet = file.flag("quiet");
      List.of("verbose", "quiet").stream().filter(k -> file.get(k).isPresent()).forEach(fromFile::add);
    }
    if (o.include.isEmpty() && file.get("include").isPresent()) {
      o.include = file.list("include");
      fromFile.add("include");
    }
    if (o.exclude.isEmpty() && file.get("exclude").isPresent()) {
      o.exclude = file.list("exclude");
      fromFile.add("exclude");
    }
    if (o.sources.isEmpty() && file.get("source").isPresent()) {
      o.sources = file.list("source");
      fromFile.add("source");
    }
    if (o.command.isEmpty() && file.get("command").isPresent()) {
      o.command = List.of(file.get("command").get().trim().split("\\s+"));
      fromFile.add("command");
    }
  }

  private ParameterException bad(String message) {
    return new ParameterException(o.spec.commandLine(), message);
  }
}
