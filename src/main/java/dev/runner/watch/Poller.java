package dev.runner.watch;

import dev.runner.config.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Finds changes by walking the trees every {@code interval} and comparing {@link Snapshot}s:
 * for file systems whose changes never raise native events (network mounts, some container and
 * VM shares), chosen with {@code --poll}, and as the fallback when the inotify limits are
 * reached. One named daemon thread walks every polled root in turn.
 *
 * <p>It never spins: after each round it waits at least the interval and at least
 * {@link #WAIT_PER_WALK} times as long as the round took, so walking a huge tree costs at most
 * a fifth of one core; it says once when that makes it slower than asked.
 */
final class Poller implements AutoCloseable {
  /** What polling finds; called on the polling thread (and on the caller's, for nothing but notes). */
  interface Sink {
    /** Paths below {@code root}, relative to it, that changed since the previous round. */
    void changed(Path root, Set<Path> relative);

    void note(String line);
  }

  static final int WAIT_PER_WALK = 4;

  private final Duration interval;
  private final Function<Path, Snapshot> walk;
  private final Sink sink;
  private final Map<Path, Snapshot> last = new ConcurrentHashMap<>();
  private Thread thread;
  private boolean saidSlow;
  private volatile boolean closed;

  Poller(Duration interval, Function<Path, Snapshot> walk, Sink sink) {
    this.interval = interval;
    this.walk = walk;
    this.sink = sink;
  }

  Duration interval() {
    return interval;
  }

  /** Takes the first snapshot of {@code root} now, on the caller's thread, so every later change is seen. */
  synchronized void add(Path root) {
    if (closed || last.containsKey(root)) {
      return;
    }
    last.put(root, walk.apply(root));
    if (thread == null) {
      thread = new Thread(this::loop, "watch-poll");
      thread.setDaemon(true);
      thread.start();
    }
  }

  boolean polls(Path root) {
    return last.containsKey(root);
  }

  private void loop() {
    try {
      while (!closed) {
        long began = System.nanoTime();
        for (Map.Entry<Path, Snapshot> e : last.entrySet()) {
          Snapshot now = walk.apply(e.getKey());
          Set<Path> changed = Snapshot.changes(e.getValue(), now);
          e.setValue(now);
          if (!changed.isEmpty() && !closed) {
            sink.changed(e.getKey(), changed);
          }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        Duration wait = waitAfter(interval, took);
        if (wait.compareTo(interval) > 0 && !saidSlow) {
          saidSlow = true;
          sink.note("walking the polled trees takes " + took.toMillis() + " ms: polling every "
              + Durations.format(round(wait)) + " rather than every " + Durations.format(interval)
              + ", to keep the runner's CPU use low");
        }
        Thread.sleep(wait.toMillis(), (int) (wait.toNanos() % 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closed
    }
  }

  /** How long to wait after a round of walks that took {@code took}: never less than the interval. */
  static Duration waitAfter(Duration interval, Duration took) {
    Duration proportional = took.multipliedBy(WAIT_PER_WALK);
    return proportional.compareTo(interval) > 0 ? proportional : interval;
  }

  private static Duration round(Duration d) {
    long ms = d.toMillis();
    return Duration.ofMillis(ms < 1_000 ? ms : ms - ms % 100);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (thread != null) {
      thread.interrupt();
    }
  }
}
