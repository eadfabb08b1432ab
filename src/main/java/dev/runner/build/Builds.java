package dev.runner.build;

import dev.runner.watch.ChangeSet;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The build step as the event loop sees it: start one for a batch of changes, learn its end
 * through the {@link Listener} the implementation was made with. The loop owns the listener
 * (it posts an event), so this package knows nothing of the loop.
 */
public interface Builds extends AutoCloseable {
  /** Told, on the build's own thread, that the build with this id ended. */
  @FunctionalInterface
  interface Listener {
    void finished(long buildId, BuildStep.Result result);
  }

  String command();

  /** Starts a build for these changes ({@code everything}: build it all). */
  void start(long id, ChangeSet changes) throws IOException;

  /**
   * Whether a changed file that is no source still needs this build (a resource it copies below
   * the output directory); no by default.
   */
  default boolean needs(Path changed) {
    return false;
  }

  /** Stops a running build's tree, if any (on shutdown). */
  void cancel();

  /** Releases what the builds hold (a compiler, its thread); nothing by default. */
  @Override
  default void close() {}
}
