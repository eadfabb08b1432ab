package dev.runner.cli;

import dev.runner.config.RunnerConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The command line: options and environment in, one checked {@link RunnerConfig} out. What to do
 * with the config is somebody else's business ({@code app}), which keeps this class testable
 * without starting anything.
 */
@Command(
    name = "runner",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    headerHeading = "",
    header = "Run a server, and restart it whenever its sources, resources or classes change.",
    synopsisHeading = "%nUsage: ",
    customSynopsis = "runner [OPTIONS] [--] COMMAND [ARGS...]",
    descriptionHeading = "%n",
    description = "On a change runner builds (with --build), stops the whole process tree of COMMAND"
        + " (SIGTERM, then SIGKILL after --grace, and waits until every process is gone) and only then"
        + " starts COMMAND again. Ctrl-C or SIGTERM stops the tree and exits; SIGHUP, or typing rs +"
        + " Enter on a terminal, restarts by hand.",
    parameterListHeading = "%nCommand:%n",
    optionListHeading = "%nOptions (where a value comes from: the command line, else the environment, else"
        + " runner.properties in the working directory, else the default shown):%n",
    commandListHeading = "%nCommands:%n",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      " 0:COMMAND ended with 0 (with --no-reload)",
      " 2:bad command line or environment",
      "130:stopped by SIGINT (Ctrl-C)",
      "143:stopped by SIGTERM",
      " N:with --no-reload, COMMAND's own exit status"
    },
    footerHeading = "%nEnvironment:%n",
    footer = {
      "  RUNNER_WATCH     default for --watch (directories separated by '" + "%s" + "')",
      "  RUNNER_BUILD     default for --build",
      "  RUNNER_DEBOUNCE  default for --debounce",
      "  RUNNER_GRACE     default for --grace",
      "  RUNNER_PORT      default for --port",
      "  RUNNER_POLL      default for --poll",
      "  RUNNER_READY_PATH  default for --ready-path",
      "  RUNNER_NO_RESTART  default for --no-restart (globs separated by ',')",
      "  WEB_CONCURRENCY  default for --workers",
      "  NO_COLOR         when not empty: no colour (the runner's, a Spring Boot app's)",
      "",
      "runner.properties in the working directory may set any option, one 'key = value'",
      "a line: keys are long option names without dashes, lists comma-separated:",
      "  port = 8080",
      "  watch = src/main/java, target/classes",
      "  javac = true",
      "  command = java -cp target/classes:lib/* com.example.Main",
      "The child gets the runner's environment plus PORT (with --port), RUNNER_WORKER,",
      "RUNNER_URL (the address users open, when PORT is the worker's internal one),",
      "RUNNER_NOTIFY_SOCKET, RUNNER_WATCHDOG_USEC and RUNNER_TREE (which marks its",
      "process tree), with every signal disposition reset to its default; PORT also as",
      "SERVER_PORT, QUARKUS_HTTP_PORT and MICRONAUT_SERVER_PORT, and for Spring Boot",
      "development settings (README: Apps as they are written), none overriding yours.",
      "",
      "Example:",
      "  runner -w src/main/java -w target/classes --build 'mvn -q compile' \\",
      "         --port 8080 -- java -cp target/classes com.example.Main"
    })
public final class RunnerCommand implements Callable<Integer> {
  static final String DEFAULT_DEBOUNCE = "200ms";
  static final String DEFAULT_DEBOUNCE_MAX = "2s";
  static final String DEFAULT_GRACE = "5s";
  static final String DEFAULT_HOLD = "30s";
  static final String DEFAULT_TIMEOUT_START = "60s";
  static final String DEFAULT_TIMEOUT_NOTIFY = "30s";
  static final List<String> DEFAULT_SOURCES = List.of("*.java", "*.kt", "*.scala", "*.groovy");

  @Spec CommandSpec spec;

  @Option(
      names = {"-w", "--watch"},
      paramLabel = "DIR",
      description = "Directory to watch, recursively; repeat for more (default: the working directory).")
  List<String> watch = new ArrayList<>();

  @Option(
      names = "--include",
      paramLabel = "GLOB",
      description =
          "Only changes to matching files count; repeatable (default: every file)."
          + " A glob without '/' matches the file name, one with '/' the path below the watched directory.")
  List<String> include = new ArrayList<>();

  @Option(
      names = "--exclude",
      paramLabel = "GLOB",
      description =
          "Ignore changes to matching files; repeatable (default: none beyond these, always ignored: .git .hg .svn .idea .vscode"
          + " directories, editor swap, backup and temporary files (*.swp *~ .#* #*# *.tmp 4913 ...)).")
  List<String> exclude = new ArrayList<>();

  @Option(
      names = "--build",
      paramLabel = "CMD",
      description =
          "Shell command run before restarting when a source file changed; on failure its output"
          + " is shown and the running child is kept (default: none, env RUNNER_BUILD).")
  String build;

  @Option(
      names = "--maven",
      paramLabel = "DIR",
      arity = "0..1",
      fallbackValue = ".",
      description = "Run the Maven project (or reactor) in DIR (default: .) as Maven itself resolves it: its"
          + " modules' sources, resources, compiler settings, annotation processors, runtime class path and"
          + " main class come from the runner's Maven plugin (goal model), cached in target/runner/model.json"
          + " and resolved again when a pom changes. Compiles in-process; COMMAND, if given, is the app's"
          + " arguments.")
  String maven;

  @Option(
      names = "--model",
      paramLabel = "FILE",
      description = "Run the project described by this model file, as written by the runner's Maven plugin"
          + " (what mvn runner:dev passes; implies --maven for the file's project; default: none).")
  String model;

  @Option(
      names = "--module",
      paramLabel = "NAME",
      description = "With --maven, the reactor module to run (artifactId; default: the one module with a main"
          + " class).")
  String module;

  @Option(
      names = "--main",
      paramLabel = "CLASS",
      description = "Main class for --maven (default: the one the build names: exec-maven-plugin or its property,"
          + " spring-boot-maven-plugin or start-class, a jar or shade manifest; else the app module's only class"
          + " with a main method or its @SpringBootApplication).")
  String mainClass;

  @Option(
      names = "--jvm-arg",
      paramLabel = "OPTION",
      description = "With --maven, a JVM option for the app, after the build's own (spring-boot-maven-plugin's"
          + " jvmArguments); repeatable (default: none).")
  List<String> jvmArgs = new ArrayList<>();

  @Option(
      names = "--javac",
      description = "Compile changed .java files with the runner's own warm, in-process javac (about 0.1 s a"
          + " file, against COMMAND's -cp class path, into its class directory) instead of --build. Needs"
          + " COMMAND to be 'java ... -cp ... MainClass' and a watched source directory (default: off).")
  boolean javac;

  @Option(
      names = "--source",
      paramLabel = "GLOB",
      description =
          "Which changed files need --build; other changes (classes, resources) restart directly;"
          + " repeatable (default: " + "*.java *.kt *.scala *.groovy" + ").")
  List<String> sources = new ArrayList<>();

  @Option(
      names = "--poll",
      paramLabel = "DURATION",
      description = "Find changes by walking the watched directories at this interval (comparing sizes and"
          + " modification times, no hashing) instead of native file events; for network, container or VM"
          + " shares whose changes raise no events; 0 is off (default: off = native events, env RUNNER_POLL;"
          + " when the inotify limits are reached the runner says so and polls every 1s by itself).")
  String poll;

  @Option(
      names = "--debounce",
      paramLabel = "DURATION",
      description = "Quiet period after the last change of a burst before acting; a lone changed file (an editor's"
          + " temporary files aside) waits 20ms at most (default: " + DEFAULT_DEBOUNCE + ", env RUNNER_DEBOUNCE).")
  String debounce;

  @Option(
      names = "--debounce-max",
      paramLabel = "DURATION",
      description = "Longest a continuous burst of changes may delay a restart (default: " + DEFAULT_DEBOUNCE_MAX + ").")
  String debounceMax;

  @Option(
      names = "--grace",
      paramLabel = "DURATION",
      description = "Time the old process tree gets after SIGTERM before SIGKILL (default: " + DEFAULT_GRACE + ", env RUNNER_GRACE).")
  String grace;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description =
          "Port users reach the app on. The runner listens there and proxies to its workers, each started"
          + " with a free port of its own in PORT (and its index, from 0, in RUNNER_WORKER); requests"
          + " wait while no worker is ready. A worker is ready once its port accepts connections (or the"
          + " port its process tree listens on instead, which the runner then proxies to; see --ready-path)."
          + " (default: none, env RUNNER_PORT; without a port a child is ready once it has stayed up 0.5s).")
  String port;

  @Option(
      names = "--host",
      paramLabel = "ADDR",
      description = "Address the front proxy listens on (default: 127.0.0.1; anything else is reachable from"
          + " other machines and gets a warning).")
  String host;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "Children per generation, behind the front proxy (default: $WEB_CONCURRENCY when set, else 1)."
          + " More than 1 needs --port. A reload replaces every worker.")
  String workers;

  @Option(
      names = "--no-proxy",
      description = "Let the child bind --port itself instead of the runner proxying to it (then PORT is"
          + " --port, requests are refused while it restarts, and --workers must be 1).")
  boolean noProxy;

  @Option(
      names = "--hold-timeout",
      paramLabel = "DURATION",
      description = "How long the proxy holds a request while no worker is ready, before answering 503"
          + " (default: " + DEFAULT_HOLD + ").")
  String holdTimeout;

  @Option(
      names = "--max-requests",
      paramLabel = "N",
      description = "Replace a worker after it has served N requests; 0 is off (default: 0).")
  String maxRequests;

  @Option(
      names = "--max-requests-jitter",
      paramLabel = "J",
      description = "Add a random 0..J to each worker's --max-requests, so workers are not replaced together"
          + " (default: 0).")
  String maxRequestsJitter;

  @Option(
      names = "--timeout-start",
      paramLabel = "DURATION",
      description = "A child not ready within this is reported and stopped; 0 is off (default: " + DEFAULT_TIMEOUT_START
          + ").")
  String timeoutStart;

  @Option(
      names = "--timeout-notify",
      paramLabel = "DURATION",
      description = "A child that has sent WATCHDOG=1 over RUNNER_NOTIFY_SOCKET and then stays silent this long"
          + " gets SIGQUIT (a thread dump), is stopped and replaced; it is told half of this in"
          + " RUNNER_WATCHDOG_USEC; 0 is off (default: " + DEFAULT_TIMEOUT_NOTIFY + ").")
  String timeoutNotify;

  @Option(
      names = "--ready-path",
      paramLabel = "PATH",
      description = "A worker is ready when GET PATH on its port answers anything but 404 or 5xx; requests are held"
          + " until then (default: none, env RUNNER_READY_PATH; /actuator/health for a Spring Boot app with"
          + " spring-boot-actuator on its class path; READY=1 on RUNNER_NOTIFY_SOCKET always counts at once).")
  String readyPath;

  @Option(
      names = "--no-restart",
      paramLabel = "GLOB",
      description = "Files below a resource root (a watched directory on COMMAND's class path that classes are not"
          + " compiled to, e.g. src/main/resources) whose changes the app sees as they are: open pages reload, the"
          + " JVM keeps running; repeatable, replaces the default; 'none' for no such files (default: static/**"
          + " public/** templates/** META-INF/resources/** resources/**, env RUNNER_NO_RESTART).")
  List<String> noRestart = new ArrayList<>();

  @Option(
      names = "--live-reload",
      description = "Reload open browser pages when a new generation is ready: HTML answers through the proxy"
          + " get a small script listening on /_runner/events (needs --port; default: off).")
  boolean liveReload;

  @Option(
      names = "--hotswap",
      description = "When a build changed only method bodies of loaded classes, redefine them in the running"
          + " 'java' child (same JVM, same pid: static fields, caches, sessions and connections keep their values)"
          + " instead of restarting it; anything else (a field or method added, a constructor or static initializer"
          + " changed) restarts as usual, and the reload line says why (default: off).")
  boolean hotswap;

  @Option(
      names = "--no-cds",
      description = "Do not give a 'java -cp ...' child a class-data sharing archive of its dependency jars"
          + " (default: on; built once per class path under $XDG_CACHE_HOME/runner or ~/.cache/runner).")
  boolean noCds;

  @Option(
      names = "--no-standby",
      description = "Do not start a 'java -cp ... MAIN' child's next JVM ahead. By default, once a worker is"
          + " ready, the runner starts the JVM that will replace it and lets it load the JDK's and the dependency"
          + " jars' classes, but run nothing of the app, until the old tree is joined; a reload then skips the JVM's"
          + " boot. Costs one idle JVM per worker. Off by itself for -jar commands and for JVM agents, which would"
          + " run early (default: on, with reloading).")
  boolean noStandby;

  @Option(
      names = "--exit-with-parent",
      description = "Stop everything and exit (status 129) when the process that started the runner dies, such"
          + " as Maven running it from exec:exec, which would otherwise leave it running (default: off).")
  boolean exitWithParent;

  @Option(names = "--no-reload", description = "Run COMMAND once, unwatched, and exit with its status.")
  boolean noReload;

  @Option(names = {"-v", "--verbose"}, description = "Say more: every change, build output, stop details.")
  boolean verbose;

  @Option(names = {"-q", "--quiet"}, description = "Say less: only errors and the one line per reload.")
  boolean quiet;

  @Parameters(
      paramLabel = "COMMAND",
      arity = "0..*",
      description = "The server command and its arguments. Put -- before it when it starts with '-'.")
  List<String> command = new ArrayList<>();

  private final Map<String, String> env;
  private final Path workDir;
  private final Function<RunnerConfig, Integer> app;

  public RunnerCommand(Map<String, String> env, Path workDir, Function<RunnerConfig, Integer> app) {
    this.env = Map.copyOf(env);
    this.workDir = workDir.toAbsolutePath().normalize();
    this.app = app;
  }

  /** A ready-to-run picocli {@link CommandLine}: stops at COMMAND, reports bad input in one line. */
  public static CommandLine commandLine(Map<String, String> env, Path workDir, Function<RunnerConfig, Integer> app) {
    CommandLine cl = new CommandLine(new RunnerCommand(env, workDir, app));
    cl.addSubcommand("completion", new CompletionCommand());
    cl.addSubcommand("status", new StatusCommand(env, workDir));
    cl.addSubcommand("restart", new RestartCommand(env, workDir));
    cl.setStopAtPositional(true);
    cl.setExpandAtFiles(false); // '@file' belongs to COMMAND (curl -d @body.json, java @argfile)
    cl.setUsageHelpLongOptionsMaxWidth(26);
    cl.setParameterExceptionHandler((ex, args) -> {
      String m = ex.getMessage() == null ? "bad input" : ex.getMessage().strip();
      // one line and a pointer to --help; a reason of several lines (what Maven said) is kept whole
      ex.getCommandLine().getErr().println("runner: " + (m.contains("\n") ? m : oneLine(m) + " (see runner --help)"));
      return 2;
    });
    cl.getCommandSpec().usageMessage().footer(
        String.join("\n", cl.getCommandSpec().usageMessage().footer()).formatted(File.pathSeparator).split("\n"));
    return cl;
  }

  private static String oneLine(String message) {
    String m = message == null ? "bad input" : message.strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  @Override
  public Integer call() {
    return app.apply(toConfig());
  }

  RunnerConfig toConfig() {
    return new ConfigReader(this, env, workDir).read();
  }
}
