package dev.runner.project;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Maven mode's watch on the poms: when one of the reactor's poms changes (size and time first,
 * then the content, by the cache's own key), asks Maven for the model again, on a thread of its
 * own (it takes seconds), and hands the new app to the runner. A pom that does not resolve keeps
 * the old model and says why.
 */
public final class PomWatch {
  private static final long POLL_NANOS = 300_000_000L;

  /** What the runner does with a model resolved again (switch the command and the compiler, rebuild). */
  @FunctionalInterface
  public interface Switch {
    void to(MavenApp next) throws IOException;
  }

  private PomWatch() {}

  /** Starts watching {@code first}'s poms on a daemon thread named {@code pom-watch}. */
  public static void start(MavenApp first, Switch onChange, Consumer<String> debug, Consumer<String> error) {
    Thread t = new Thread(() -> {
      MavenApp app = first;
      Map<Path, String> stamps = stamps(app.model());
      while (true) {
        LockSupport.parkNanos(POLL_NANOS);
        Map<Path, String> touched = stamps(app.model());
        if (touched.equals(stamps)) {
          continue; // unchanged sizes and times: not worth reading and hashing the poms
        }
        stamps = touched;
        if (ModelSource.unchanged(app.model().poms())) {
          continue;
        }
        try {
          MavenApp next = app.again(new ModelSource(app.model().root(), debug).resolve());
          onChange.to(next);
          app = next;
          stamps = stamps(app.model());
        } catch (IOException | RuntimeException e) {
          error.accept("a pom changed but the project does not resolve; keeping the old model:\n" + e.getMessage());
        }
      }
    }, "pom-watch");
    t.setDaemon(true);
    t.start();
  }

  private static Map<Path, String> stamps(ProjectModel model) {
    Map<Path, String> m = new HashMap<>();
    for (Path pom : model.poms().keySet()) {
      try {
        m.put(pom, Files.size(pom) + "@" + Files.getLastModifiedTime(pom).toMillis());
      } catch (IOException e) {
        m.put(pom, "missing");
      }
    }
    return m;
  }
}
