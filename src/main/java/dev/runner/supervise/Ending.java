package dev.runner.supervise;

/**
 * Whether the runner is on its way out: a shutdown asked for (posted from any thread: a signal
 * handler, the terminal) or an exit status the loop has decided on. Once either holds, nothing new
 * is started.
 */
final class Ending {
  private volatile boolean shutdownRequested;
  private Integer exitStatus;

  boolean shutdownRequested() {
    return shutdownRequested;
  }

  /** Thread-safe. */
  void requestShutdown() {
    shutdownRequested = true;
  }

  /** The exit status once the loop should end, else null. */
  Integer exitStatus() {
    return exitStatus;
  }

  void exitWith(int status) {
    exitStatus = status;
  }

  /** A shutdown was asked for or the exit status is known: start nothing new. */
  boolean begun() {
    return shutdownRequested || exitStatus != null;
  }
}
