package dev.runner.config;

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
 * @param debounce quiet period after the last change before acting
 * @param debounceMax cap on the total delay of a continuous burst
 * @param grace time between SIGTERM and SIGKILL when stopping a generation
 * @param port port the child serves on, used to tell when it is ready
 * @param reload whether file changes restart the child
 * @param verbosity -1 quiet, 0 normal, 1 verbose
 */
public record RunnerConfig(
    List<String> command,
    Path workDir,
    List<Path> watch,
    List<String> include,
    List<String> exclude,
    List<String> sources,
    Optional<String> build,
    Duration debounce,
    Duration debounceMax,
    Duration grace,
    OptionalInt port,
    boolean reload,
    int verbosity) {

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
    if (verbosity < -1 || verbosity > 1) {
      throw new IllegalArgumentException("verbosity must be -1, 0 or 1, got " + verbosity);
    }
  }

  private static void requireNonNegative(Duration d, String name) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be zero or positive, got " + d);
    }
  }
}
