package dev.runner.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * What a person reloading the page during a reload would have met: from the edit until the new
 * content is served, one thread requests {@code GET path} every {@link #INTERVAL_MS} ms, each on
 * a new connection (as a browser's reload after a failed one), and counts the requests refused
 * (no listener on the port) and the ones that failed otherwise (reset, timeout, a 5xx answer).
 */
final class RefusalProbe implements AutoCloseable {
  static final long INTERVAL_MS = 20;

  /** One reload window's count. */
  record Count(int requests, int refused, int failed) {
    Count plus(Count o) {
      return new Count(requests + o.requests, refused + o.refused, failed + o.failed);
    }
  }

  private final URI uri;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private int requests;
  private int refused;
  private int failed;

  private RefusalProbe(int port, String path, String owner) {
    uri = URI.create("http://127.0.0.1:" + port + path);
    thread = new Thread(this::run, "bench-refusal-probe-" + owner);
    thread.setDaemon(true);
  }

  static RefusalProbe start(int port, String path, String owner) {
    RefusalProbe probe = new RefusalProbe(port, path, owner);
    probe.thread.start();
    return probe;
  }

  private void run() {
    while (running.get()) {
      requests++;
      try {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(60_000); // a request the runner's proxy holds waits for the new generation
        try {
          int status = c.getResponseCode();
          try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            if (in != null) {
              in.readAllBytes();
            }
          }
          if (status >= 500) {
            failed++;
          }
        } finally {
          c.disconnect();
        }
      } catch (ConnectException e) {
        refused++;
      } catch (IOException e) {
        failed++;
      }
      LockSupport.parkNanos(INTERVAL_MS * 1_000_000);
    }
  }

  /** Stops the probe (its request under way finishes first) and returns what it counted. */
  Count stop() throws InterruptedException {
    running.set(false);
    thread.join(90_000);
    return new Count(requests, refused, failed);
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
