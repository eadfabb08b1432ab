package dev.runner.supervise;

import dev.runner.process.ProcessTree.StopReport;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** One running generation, as the supervisor sees it: a pid to report and a tree to stop. */
public interface Child {
  long pid();

  /** Terminates and joins the whole tree; bounded (grace, then SIGKILL, then a bounded join). */
  StopReport stop(Duration grace, BooleanSupplier forceNow);

  /** Starts the next generation; the implementation posts ChildReady/ChildExited for it. */
  interface Launcher {
    Child start() throws java.io.IOException;
  }
}
