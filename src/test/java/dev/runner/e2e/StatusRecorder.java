package dev.runner.e2e;

import java.util.Map;
import java.util.TreeMap;

/**
 * Requests {@code GET path} through a port back to back on a thread of its own, for as long as it
 * is open, and counts the answers by status code (-1: no answer), so a test can say that no
 * request during a series of reloads got, say, a 404.
 */
final class StatusRecorder implements AutoCloseable {
  private final Map<Integer, Integer> counts = new TreeMap<>();
  private final Thread thread;
  private volatile boolean open = true;

  StatusRecorder(int port, String path) {
    thread = new Thread(() -> {
      while (open) {
        int status = Net.status(port, path);
        synchronized (counts) {
          counts.merge(status, 1, Integer::sum);
        }
      }
    }, "status-recorder " + port + path);
    thread.setDaemon(true);
    thread.start();
  }

  /** Answers so far by status code. */
  Map<Integer, Integer> counts() {
    synchronized (counts) {
      return new TreeMap<>(counts);
    }
  }

  int count(int status) {
    return counts().getOrDefault(status, 0);
  }

  @Override
  public void close() throws InterruptedException {
    open = false;
    thread.join(60_000);
  }
}
