package dev.runner.build;

import dev.runner.process.ProcessTree;
import dev.runner.process.Spawner;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the user's build command ({@code sh -c CMD}) in a session of its own, collecting its output
 * so a failure can be shown in full and a success stays quiet. The build is a process tree like
 * any child (Maven forks, Gradle daemons): cancelling stops the whole tree.
 */
public final class BuildStep {
  /** How a build ended. {@code output} is the tail of stdout+stderr, at most {@link #KEEP} bytes. */
  public record Result(int exitCode, String output, long millis) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /** A build in progress. */
  public interface Running {
    long session();

    /** Stops the build's whole tree (short grace); its result is still delivered. */
    void cancel();
  }

  static final int KEEP = 64 * 1024;
  private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(1);

  private final String command;
  private final Path dir;
  private final Spawner spawner;

  public BuildStep(String command, Path dir, Spawner spawner) {
    this.command = command;
    this.dir = dir;
    this.spawner = spawner;
  }

  public String command() {
    return command;
  }

  /**
   * Starts the build and returns at once; {@code done} is called on the build's own thread.
   * {@code live}, if not null, gets each output line as it comes (for {@code -v}).
   */
  public Running start(Consumer<Result> done, Consumer<String> live) throws IOException {
    long t0 = System.nanoTime();
    Spawner.Spawned spawned = spawner.spawn("build", List.of("sh", "-c", command), dir, Map.of(),
        Redirect.from(new File("/dev/null")), Redirect.PIPE, null);
    Process p = spawned.process();
    ProcessTree tree = spawned.tree();
    Tail tail = new Tail(p.getInputStream(), live);
    Thread reader = new Thread(tail, "build-output");
    reader.setDaemon(true);
    reader.start();
    Thread waiter = new Thread(() -> {
      int code = waitFor(p);
      // The build is over when its first process is: anything it left running (a compiler whose
      // shell was killed, a stray daemon) is stopped, so no build outlives its result.
      if (tree.alive()) {
        tree.stop(LEFTOVER_GRACE, () -> false);
      }
      try {
        reader.join(1_000); // a daemon the build left behind may hold the pipe open
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      done.accept(new Result(code, tail.text(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)));
    }, "build");
    waiter.setDaemon(true);
    waiter.start();
    return new Running() {
      @Override
      public long session() {
        return tree.session();
      }

      @Override
      public void cancel() {
        tree.stop(Duration.ofSeconds(1), () -> false);
      }
    };
  }

  private static int waitFor(Process p) {
    while (true) {
      try {
        return p.waitFor();
      } catch (InterruptedException e) {
        // the build thread has nothing else to do; keep waiting for the process
      }
    }
  }

  /** Keeps the last {@link #KEEP} bytes of a stream, optionally echoing whole lines. */
  private static final class Tail implements Runnable {
    private final InputStream in;
    private final Consumer<String> live;
    private final byte[] ring = new byte[KEEP];
    private long written;
    private final StringBuilder line = new StringBuilder();

    Tail(InputStream in, Consumer<String> live) {
      this.in = in;
      this.live = live;
    }

    @Override
    public void run() {
      byte[] buf = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buf)) > 0) {
          synchronized (this) {
            for (int i = 0; i < n; i++) {
              ring[(int) (written++ % KEEP)] = buf[i];
            }
          }
          if (live != null) {
            echo(buf, n);
          }
        }
      } catch (IOException e) {
        // the pipe closed under us: what we have is what there is
      }
    }

    private void echo(byte[] buf, int n) {
      line.append(new String(buf, 0, n, StandardCharsets.UTF_8));
      int nl;
      while ((nl = line.indexOf("\n")) >= 0) {
        live.accept(line.substring(0, nl));
        line.delete(0, nl + 1);
      }
    }

    synchronized String text() {
      int len = (int) Math.min(written, KEEP);
      byte[] out = new byte[len];
      long start = written - len;
      for (int i = 0; i < len; i++) {
        out[i] = ring[(int) ((start + i) % KEEP)];
      }
      String s = new String(out, StandardCharsets.UTF_8);
      return written > KEEP ? "[... earlier output cut ...]\n" + s : s;
    }
  }
}
