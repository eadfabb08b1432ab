package dev.runner.supervise;

import java.io.IOException;

/** The build step as the supervisor sees it; the implementation posts BuildFinished(id). */
public interface Builds {
  String command();

  /** Starts a build for these changes ({@code everything}: build it all). */
  void start(long id, dev.runner.watch.ChangeSet changes) throws IOException;

  /** Stops a running build's tree, if any (on shutdown). */
  void cancel();
}
