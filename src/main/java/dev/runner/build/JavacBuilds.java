package dev.runner.build;

import dev.runner.watch.ChangeSet;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@link Builds} backed by the warm in-process compiler: no JVM to start and no Maven to load,
 * so compiling one changed file costs about a tenth of a second. Compiles run one at a time on
 * one named thread that lives as long as the runner, which keeps javac's code hot.
 */
public final class JavacBuilds implements Builds {
  private final JavacBuild javac;
  private final Listener listener;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "javac");
    t.setDaemon(true);
    return t;
  });

  public JavacBuilds(JavacBuild javac, Listener listener) {
    this.javac = javac;
    this.listener = listener;
  }

  @Override
  public String command() {
    return "javac (in-process)";
  }

  @Override
  public void start(long id, ChangeSet changes) {
    thread.execute(() -> {
      long t0 = System.nanoTime();
      BuildStep.Result result;
      try {
        JavacBuild.Result r = changes.everything() ? javac.compileAll() : javac.compile(changes.paths());
        result = new BuildStep.Result(r.ok() ? 0 : 1, String.join("\n", r.diagnostics()), r.millis());
      } catch (IOException | RuntimeException e) {
        result = new BuildStep.Result(1, "javac failed: " + e, (System.nanoTime() - t0) / 1_000_000);
      }
      listener.finished(id, result);
    });
  }

  @Override
  public void cancel() {
    // a compile is short and bounded; its result is simply ignored once the loop has ended
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      javac.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
