package dev.runner.cli;

import dev.runner.config.Durations;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options {@code runner status} and {@code runner restart} share, and what they make of them. */
final class ControlOptions {
  @Option(names = "--timeout", paramLabel = "DURATION", description = "How long --wait-ready waits (default: "
      + ControlCalls.DEFAULT_TIMEOUT + ").")
  String timeout;

  @Option(names = "--json", description = "JSON even on a terminal (default: JSON when the output is not a terminal).")
  boolean json;

  @Option(names = "--dir", paramLabel = "DIR", description = "The directory the runner was started in (default: the"
      + " current directory).")
  String dir;

  /** The --timeout value, checked: only with --wait-ready, and a duration. */
  Duration waitFor(CommandLine.Model.CommandSpec spec, String command, boolean waitReady) {
    if (timeout != null && !waitReady) {
      throw new CommandLine.ParameterException(spec.commandLine(), command + ": --timeout goes with --wait-ready");
    }
    try {
      return Durations.parse(timeout == null ? ControlCalls.DEFAULT_TIMEOUT : timeout);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), command + ": --timeout: " + e.getMessage());
    }
  }

  /** The runner's directory: --dir against {@code workDir}, else {@code workDir}. */
  Path directory(Path workDir) {
    return dir == null ? workDir : workDir.resolve(dir).normalize();
  }
}
