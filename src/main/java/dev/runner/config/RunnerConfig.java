package dev.runner.config;

import dev.runner.project.MavenApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything the runner was asked to do, checked once. Built by {@code cli}; read by everyone else.
 *
 * @param command the child command and its arguments (never empty)
 * @param workDir the directory paths are shown relative to, and the child starts in
 * @param watch directories to watch (absolute, normalised)
 * @param include globs a changed path must match (empty: everything not excluded)
 * @param exclude globs that exclude a changed path, on top of the default ignores
 * @param sources globs naming files that need {@code build} before a restart
 * @param build shell command run on source changes, if any
 * @param javac compile changed sources with the runner's own in-process javac instead
 * @param debounce quiet period after the last change before acting
 * @param debounceMax cap on the total delay of a continuous burst
 * @param grace time between SIGTERM and SIGKILL when stopping a generation
 * @param port port users reach the app on: the runner's front proxy listens there (or, with
 *     {@code proxy} off, the child binds it itself)
 * @param host address the front proxy binds
 * @param proxy whether the runner owns {@code port} and proxies to workers on ports of their own
 * @param workers how many children make up one generation
 * @param holdTimeout how long the proxy holds a request while no worker is ready
 * @param maxRequests recycle a worker after this many requests (0: never)
 * @param maxRequestsJitter add uniform 0..this to each worker's limit, so workers do not recycle together
 * @param timeoutStart a child not ready within this is reported and stopped
 * @param timeoutNotify a child that has sent WATCHDOG=1 and then stays silent this long is
 *     stopped and replaced (0: off)
 * @param jvm what the runner does to start a {@code java -cp} child faster (class-data sharing, a standby JVM)
 * @param liveReload HTML answers through the proxy get a script that reloads the page when a new
 *     generation is ready
 * @param maven in Maven mode ({@code --maven}, {@code runner:dev}), the project as Maven resolved it and
 *     the app chosen from it: a pom changing means the model is resolved again
 * @param exitWithParent stop everything and exit when the process that started the runner dies
 * @param reload whether file changes restart the child
 * @param verbosity -1 quiet, 0 normal, 1 verbose
 * @param poll find changes by walking the watched trees at this interval instead of native file
 *     events (empty: native events, with polling only as the fallback when inotify runs out)
 * @param app when a worker counts as ready, and which resource changes need no restart
 */
public record RunnerConfig(
    List<String> command,
    Path workDir,
    List<Path> watch,
    List<String> include,
    List<String> exclude,
    List<String> sources,
    Optional<String> build,
    boolean javac,
    Duration debounce,
    Duration debounceMax,
    Duration grace,
    OptionalInt port,
    String host,
    boolean proxy,
    int workers,
    Duration holdTimeout,
    int maxRequests,
    int maxRequestsJitter,
    Duration timeoutStart,
    Duration timeoutNotify,
    ChildJvm jvm,
    boolean liveReload,
    Optional<MavenApp> maven,
    boolean exitWithParent,
    boolean reload,
    int verbosity,
    Optional<Duration> poll,
    AppSettings app) {

  public RunnerConfig {
    command = List.copyOf(Objects.requireNonNull(command, "command"));
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command must not be empty");
    }
    Objects.requireNonNull(workDir, "workDir");
    watch = List.copyOf(watch);
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
    sources = List.copyOf(sources);
    Objects.requireNonNull(build, "build");
    if (javac && build.isPresent()) {
      throw new IllegalArgumentException("either a build command or the in-process compiler, not both");
    }
    requireNonNegative(debounce, "debounce");
    requireNonNegative(grace, "grace");
    if (debounceMax.compareTo(debounce) < 0) {
      throw new IllegalArgumentException("debounce cap must not be shorter than the quiet period");
    }
    port.ifPresent(p -> {
      if (p < 1 || p > 65535) {
        throw new IllegalArgumentException("port must be within 1..65535, got " + p);
      }
    });
    Objects.requireNonNull(host, "host");
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, got " + workers);
    }
    if (proxy && port.isEmpty()) {
      throw new IllegalArgumentException("the front proxy needs a port");
    }
    if (workers > 1 && !proxy) {
      throw new IllegalArgumentException("more than one worker needs the front proxy (a port to share)");
    }
    if (liveReload && !proxy) {
      throw new IllegalArgumentException("live reload needs the front proxy");
    }
    if (maxRequests < 0 || maxRequestsJitter < 0) {
      throw new IllegalArgumentException("max requests and jitter must be zero or positive");
    }
    requireNonNegative(holdTimeout, "holdTimeout");
    requireNonNegative(timeoutStart, "timeoutStart");
    requireNonNegative(timeoutNotify, "timeoutNotify");
    if (verbosity < -1 || verbosity > 1) {
      throw new IllegalArgumentException("verbosity must be -1, 0 or 1, got " + verbosity);
    }
    Objects.requireNonNull(jvm, "jvm");
    Objects.requireNonNull(poll, "poll");
    Objects.requireNonNull(app, "app");
    poll.ifPresent(d -> {
      if (d.compareTo(MIN_POLL) < 0) {
        throw new IllegalArgumentException("poll interval must be at least " + MIN_POLL.toMillis() + " ms, got " + d);
      }
    });
  }

  /** Whether a {@code java -cp} child gets a class-data sharing archive of its dependency jars. */
  public boolean cds() {
    return jvm.cds();
  }

  /** Below this a polling interval is a busy loop in disguise. */
  public static final Duration MIN_POLL = Duration.ofMillis(10);

  /** A plain single-child configuration, for tests and embedding: no port, no build. */
  public static RunnerConfig simple(List<String> command, Path workDir) {
    return new RunnerConfig(command, workDir, List.of(workDir), List.of(), List.of(), List.of("*.java"),
        Optional.empty(), false, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(5),
        OptionalInt.empty(), "127.0.0.1", false, 1, Duration.ofSeconds(30), 0, 0, Duration.ofSeconds(60),
        Duration.ofSeconds(30), ChildJvm.PLAIN, false, Optional.empty(), false, true, 0, Optional.empty(),
        AppSettings.DEFAULTS);
  }

  public RunnerConfig withBuild(String command) {
    return new RunnerConfig(this.command, workDir, watch, include, exclude, sources, Optional.of(command), false,
        debounce, debounceMax, grace, port, host, proxy, workers, holdTimeout, maxRequests, maxRequestsJitter,
        timeoutStart, timeoutNotify, jvm, liveReload, maven, exitWithParent, reload, verbosity, poll, app);
  }

  public RunnerConfig withReload(boolean on) {
    return new RunnerConfig(command, workDir, watch, include, exclude, sources, build, javac, debounce, debounceMax,
        grace, port, host, proxy, workers, holdTimeout, maxRequests, maxRequestsJitter, timeoutStart, timeoutNotify, jvm, liveReload, maven, exitWithParent, on,
        verbosity, poll, app);
  }

  public RunnerConfig withWorkers(int count, int maxRequests, int jitter) {
    return new RunnerConfig(command, workDir, watch, include, exclude, sources, build, javac, debounce, debounceMax,
        grace, port.isPresent() ? port : OptionalInt.of(8080), host, true, count, holdTimeout, maxRequests,
        jitter, timeoutStart, timeoutNotify, jvm, liveReload, maven, exitWithParent, reload, verbosity, poll, app);
  }

  public RunnerConfig withJvm(ChildJvm next) {
    return new RunnerConfig(command, workDir, watch, include, exclude, sources, build, javac, debounce, debounceMax,
        grace, port, host, proxy, workers, holdTimeout, maxRequests, maxRequestsJitter, timeoutStart, timeoutNotify,
        next, liveReload, maven, exitWithParent, reload, verbosity, poll, app);
  }

  public RunnerConfig withTimeouts(Duration start, Duration notify) {
    return new RunnerConfig(command, workDir, watch, include, exclude, sources, build, javac, debounce, debounceMax,
        grace, port, host, proxy, workers, holdTimeout, maxRequests, maxRequestsJitter, start, notify, jvm, liveReload, maven, exitWithParent, reload,
        verbosity, poll, app);
  }

  public RunnerConfig withApp(AppSettings next) {
    return new RunnerConfig(command, workDir, watch, include, exclude, sources, build, javac, debounce, debounceMax,
        grace, port, host, proxy, workers, holdTimeout, maxRequests, maxRequestsJitter, timeoutStart, timeoutNotify,
        jvm, liveReload, maven, exitWithParent, reload, verbosity, poll, next);
  }

  private static void requireNonNegative(Duration d, String name) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be zero or positive, got " + d);
    }
  }
}
