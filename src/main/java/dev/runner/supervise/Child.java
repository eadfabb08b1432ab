package dev.runner.supervise;

import dev.runner.process.ProcessTree.StopReport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/** One running worker, as the supervisor sees it: a pid to report, a port, an index. */
public interface Child {
  long pid();

  /** The port the child was told to serve on, or -1. */
  int port();

  /** Which worker of the generation this is, from 0. */
  int index();

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
  }
}
