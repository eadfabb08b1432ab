package dev.runner.supervise;

import dev.runner.process.ProcessTree.StopReport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** One running worker, as the supervisor sees it: a pid to report, a port, an index. */
public interface Child {
  long pid();

  /** The port the child serves on (the one it was told, or the one its tree listens on instead), or -1. */
  int port();

  /** Which worker of the generation this is, from 0. */
  int index();

  /** Why it is not ready yet, as far as known ("GET /health answered 503"); empty if nothing is known. */
  default String notReadyWhy() {
    return "";
  }

  /** How a log line names these children: {@code pid 4121} or {@code pids 4121, 4133}. */
  static String pids(List<Child> children) {
    return (children.size() == 1 ? "pid " : "pids ")
        + children.stream().map(c -> Long.toString(c.pid())).collect(Collectors.joining(", "));
  }

  /** Starts children and stops them; the implementation posts ChildReady/ChildExited for them. */
  interface Launcher {
    Child start(int index) throws IOException;

    /**
     * Terminates and joins the whole trees of these children, all at once; bounded (grace, then
     * SIGKILL, then a bounded wait).
     */
    StopReport stopAll(List<Child> children, Duration grace, BooleanSupplier forceNow);

    /** Asks a JVM child for a thread dump (SIGQUIT), which it prints to its own output. */
    void requestThreadDump(Child child);

    /**
     * The worker in slot {@code index} is ready: the launcher may get the slot's next start
     * ready ahead (a standby JVM that runs nothing of the app until {@link #start} uses it).
     */
    default void prepare(int index) {}

    /** Stops whatever {@link #prepare} started that no start has used (the runner is stopping). */
    default void discardPrepared() {}

    /** What {@link #prepare} holds ready for slot {@code index}, for the status page; empty if nothing. */
    default String prepared(int index) {
      return "";
    }
  }
}
