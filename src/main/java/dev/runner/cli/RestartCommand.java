package dev.runner.cli;

import dev.runner.control.ControlClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code runner restart}: restarts the app of the runner of this directory, as {@code rs} does,
 * through {@code POST /_runner/restart} with the token from the runner's state file.
 */
@Command(
    name = "restart",
    sortOptions = false,
    description = "Restart the app of the runner started in this directory (as typing rs does) and print the"
        + " runner's answer as JSON; with --wait-ready, wait for the new generation and print the status.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      " 0:restart accepted (with --wait-ready: the new generation is ready)",
      " 1:no runner is running for this directory, or it refused or did not answer",
      " 2:bad command line",
      " 3:with --wait-ready: the app crashed (the status says why)",
      " 4:with --wait-ready: not ready within --timeout"
    })
final class RestartCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--wait-ready", description = "Wait until the new generation is ready (or crashed), then print"
      + " the status (default: off).")
  boolean waitReady;

  @Mixin ControlOptions options;

  private final Map<String, String> env;
  private final Path workDir;

  RestartCommand(Map<String, String> env, Path workDir) {
    this.env = env;
    this.workDir = workDir.toAbsolutePath().normalize();
  }

  @Override
  public Integer call() throws InterruptedException {
    Duration wait = options.waitFor(spec, "restart", waitReady);
    Path d = options.directory(workDir);
    Optional<ControlClient> runner = ControlCalls.find("restart", env, d, spec.commandLine().getErr());
    if (runner.isEmpty()) {
      return ControlCalls.NO_RUNNER;
    }
    try {
      Map<String, Object> answer = runner.get().restart();
      if (!waitReady) {
        ControlCalls.print(spec.commandLine().getOut(), answer, options.json, false);
        return 0;
      }
      long before = answer.get("generation") instanceof Long g ? g : 0;
      Map<String, Object> status = runner.get().awaitSettled(before, wait);
      ControlCalls.print(spec.commandLine().getOut(), status, options.json, true);
      return ControlCalls.waited("restart", status, before, wait, spec.commandLine().getErr());
    } catch (IOException e) {
      spec.commandLine().getErr().println("runner restart: " + e.getMessage());
      return ControlCalls.NO_RUNNER;
    }
  }
}
