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
 * {@code runner status}: the status of the runner of this directory, as JSON for tools (the
 * document of {@code GET /_runner/status}) or as a summary on a terminal. With
 * {@code --wait-ready} it returns once the app is ready, so a script can edit a file and then
 * call the app without guessing how long a reload takes.
 */
@Command(
    name = "status",
    sortOptions = false,
    description = "Show the state of the runner started in this directory: JSON (the document of GET"
        + " /_runner/status), or a summary when the output is a terminal.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      " 0:shown (with --wait-ready: the app is ready)",
      " 1:no runner is running for this directory, or it does not answer",
      " 2:bad command line",
      " 3:with --wait-ready: the build failed or the app crashed (the status says why)",
      " 4:with --wait-ready: not ready within --timeout"
    })
final class StatusCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--wait-ready", description = "Wait until the app is ready (or the build failed, or it"
      + " crashed), with no change waiting to be acted on, then show the status (default: off).")
  boolean waitReady;

  @Mixin ControlOptions options;

  private final Map<String, String> env;
  private final Path workDir;

  StatusCommand(Map<String, String> env, Path workDir) {
    this.env = env;
    this.workDir = workDir.toAbsolutePath().normalize();
  }

  @Override
  public Integer call() throws InterruptedException {
    Duration wait = options.waitFor(spec, "status", waitReady);
    Path d = options.directory(workDir);
    Optional<ControlClient> runner = ControlCalls.find("status", env, d, spec.commandLine().getErr());
    if (runner.isEmpty()) {
      return ControlCalls.NO_RUNNER;
    }
    try {
      Map<String, Object> status = waitReady ? runner.get().awaitSettled(-1, wait) : runner.get().status();
      ControlCalls.print(spec.commandLine().getOut(), status, options.json, true);
      return waitReady ? ControlCalls.waited("status", status, -1, wait, spec.commandLine().getErr()) : 0;
    } catch (IOException e) {
      spec.commandLine().getErr().println("runner status: " + e.getMessage());
      return ControlCalls.NO_RUNNER;
    }
  }
}
