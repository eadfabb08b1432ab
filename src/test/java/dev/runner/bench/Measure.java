package dev.runner.bench;

import dev.runner.e2e.Net;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Small measuring tools for the benchmark: percentiles, HTTP timing, /proc readings. */
final class Measure {
  /** Linux reports process CPU time in clock ticks of 1/100 s. */
  static final double TICKS_PER_SECOND = 100;

  private Measure() {}

  /** Nearest-rank percentile (p in 0..100) of the values. */
  static double percentile(Collection<? extends Number> values, int p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().map(Number::doubleValue).sorted().toList();
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  static double median(Collection<? extends Number> values) {
    return percentile(values, 50);
  }

  /**
   * Waits, polling GET / every 5 ms, until {@code text} is served; returns the time of the answer.
   * Fails (the benchmark checks that every edit is served) after {@code max}.
   */
  static long awaitServed(int port, String text, Duration max, Supplier<String> context) {
    long end = System.nanoTime() + max.toNanos();
    while (true) {
      Optional<String> body = Net.get(port, "/");
      long now = System.nanoTime();
      if (body.isPresent() && body.get().strip().equals(text)) {
        return now;
      }
      if (now - end > 0) {
        throw new AssertionError("'" + text + "' not served on port " + port + " within " + max.toSeconds()
            + " s (last answer: " + body.orElse("none") + ")\n" + context.get());
      }
      LockSupport.parkNanos(5_000_000);
    }
  }

  /**
   * Like {@link #awaitServed}, for a page: waits until {@code GET path} answers a body that
   * contains {@code needle}; returns the time of that answer.
   */
  static long awaitContaining(int port, String path, String needle, Duration max, Supplier<String> context) {
    long end = System.nanoTime() + max.toNanos();
    while (true) {
      Optional<String> body = Net.get(port, path);
      long now = System.nanoTime();
      if (body.isPresent() && body.get().contains(needle)) {
        return now;
      }
      if (now - end > 0) {
        throw new AssertionError("'" + needle + "' not served at " + path + " on port " + port + " within "
            + max.toSeconds() + " s\n" + context.get());
      }
      LockSupport.parkNanos(5_000_000);
    }
  }

  /** Latencies in ms of {@code n} sequential keep-alive GETs; each must answer 200. */
  static List<Double> latencies(HttpClient client, URI uri, int n) throws IOException, InterruptedException {
    HttpRequest get = HttpRequest.newBuilder(uri).GET().build();
    List<Double> ms = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = client.send(get, HttpResponse.BodyHandlers.ofString());
      ms.add((System.nanoTime() - t0) / 1e6);
      if (r.statusCode() != 200) {
        throw new AssertionError("GET " + uri + " answered " + r.statusCode() + ": " + r.body());
      }
    }
    return ms;
  }

  /** Requests per second from {@code threads} clients (one keep-alive connection each) over {@code seconds}. */
  static double throughput(URI uri, int threads, Duration time) throws InterruptedException {
    AtomicBoolean counting = new AtomicBoolean(false);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    HttpRequest get = HttpRequest.newBuilder(uri).GET().build();
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(() -> {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        while (running.get()) {
          try {
            boolean good = client.send(get, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            if (counting.get()) {
              (good ? ok : failed).incrementAndGet();
            }
          } catch (IOException e) {
            failed.incrementAndGet();
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "bench-client-" + i);
      clients.add(t);
      t.start();
    }
    Thread.sleep(500); // connections open, both sides warm
    counting.set(true);
    long t0 = System.nanoTime();
    Thread.sleep(time.toMillis());
    counting.set(false);
    double seconds = (System.nanoTime() - t0) / 1e9;
    running.set(false);
    for (Thread t : clients) {
      t.join(10_000);
    }
    if (failed.get() > 0) {
      throw new AssertionError(failed.get() + " of " + (ok.get() + failed.get()) + " requests to " + uri + " failed");
    }
    return ok.get() / seconds;
  }

  /** utime + stime of a process, in clock ticks. */
  static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of stat(5)
  }

  /** Resident set size in kB (VmRSS). */
  static long rssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmRSS for pid " + pid);
  }

  static String loadavg() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
