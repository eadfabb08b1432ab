package dev.runner.supervise;

import java.io.IOException;

/** The build step as the supervisor sees it; the implementation posts BuildFinished(id). */
public interface Builds {
  String command();

  void start(long id) throws IOException;

  /** Stops a running build's tree, if any (on shutdown). */
  void cancel();
}
