package dev.runner.cli;

import dev.runner.config.Durations;
import dev.runner.control.ControlClient;
import dev.runner.control.StateFile;
import dev.runner.control.Summary;
import dev.runner.json.Json;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** What {@code runner status} and {@code runner restart} share: finding the runner, printing, exit codes. */
final class ControlCalls {
  static final int NO_RUNNER = 1;
  static final int NOT_READY = 3;
  static final int TIMED_OUT = 4;
  static final String DEFAULT_TIMEOUT = "120s";

  private ControlCalls() {}

  /** The runner of {@code dir}, or empty after saying on {@code err} why there is none. */
  static Optional<ControlClient> find(String command, Map<String, String> env, Path dir, PrintWriter err) {
    try {
      Optional<StateFile.Entry> e = StateFile.find(env, dir);
      if (e.isEmpty()) {
        err.println("runner " + command + ": no runner is running for " + dir + " (no live state file "
            + StateFile.path(env, dir) + "); start one there, or pass --dir");
        err.flush();
      }
      return e.map(ControlClient::new);
    } catch (IOException e) {
      err.println("runner " + command + ": cannot read the runner's state file: " + e.getMessage());
      err.flush();
      return Optional.empty();
    }
  }

  /** JSON (one line) when {@code json} or when the output is no terminal; else a summary for people. */
  static void print(PrintWriter out, Map<String, Object> document, boolean json, boolean isStatus) {
    if (json || !interactive()) {
      out.println(Json.write(document));
    } else {
      out.print(isStatus ? Summary.of(document) : Json.write(document) + "\n");
    }
    out.flush();
  }

  /** After {@code --wait-ready}: 0 when ready, 3 when the build failed or the app crashed, 4 when time ran out. */
  static int waited(String command, Map<String, Object> status, long after, Duration timeout, PrintWriter err) {
    if (!ControlClient.settled(status, after)) {
      err.println("runner " + command + ": not ready within --timeout " + Durations.format(timeout)
          + " (state: " + status.get("state") + ")");
      err.flush();
      return TIMED_OUT;
    }
    if ("ready".equals(status.get("state"))) {
      return 0;
    }
    err.println("runner " + command + ": " + ("failed".equals(status.get("state")) ? "the build failed"
        : "the app crashed") + "; see the diagnostics above");
    err.flush();
    return NOT_READY;
  }

  /**
   * Whether stdout is a terminal. JDK 22 and later give a {@link java.io.Console} even when the
   * streams are redirected and say the truth in {@code isTerminal()}, which release 17 cannot call directly.
   */
  static boolean interactive() {
    Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 17-21: a console at all means a terminal
    }
  }
}
