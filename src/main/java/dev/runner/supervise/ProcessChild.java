package dev.runner.supervise;

import dev.runner.process.ProcessTree;

/** A worker that is a real process: its tree (to stop it whole) and its notify channel (to close). */
final class ProcessChild implements Child {
  private final Process process;
  final ProcessTree tree;
  /** Where it serves: its PORT, or the port its tree listens on instead (set by the probe before it is ready). */
  volatile int port;
  /** What it is not ready for yet, for the --timeout-start message. */
  volatile String why = "";
  private final int index;
  final String channel;

  ProcessChild(Process process, ProcessTree tree, int port, int index, String channel) {
    this.process = process;
    this.channel = channel;
    this.tree = tree;
    this.port = port;
    this.index = index;
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public int index() {
    return index;
  }

  @Override
  public String notReadyWhy() {
    return why;
  }
}
