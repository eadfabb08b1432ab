package dev.runner.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.e2e.Net;
import dev.runner.e2e.Poll;
import dev.runner.e2e.RunnerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reload benchmark: {@code mvn -B -Pbench test [-Dbench.n=10] [-Dbench.idle.seconds=60] [-Dbench.pause.ms=1500]}.
 *
 * <p>On a private built copy of sample-app it times "file written → new text served" for a
 * restart by hand (SIGTERM, wait, start; and SIGKILL) and for the runner (a class file changed, a
 * source changed, a class file without CDS, and one without a standby JVM), the runner's front-proxy overhead, and the runner's
 * idle CPU and memory; then prints one table, with ratios against the by-hand baseline of the same
 * run, and the targets marked PASS or MISS. It reports: only correctness is asserted
 * (every edit served, no process left over), never a timing.
 */
@Tag("bench")
class ReloadBenchmark {
  private static final int N = Integer.getInteger("bench.n", 10);
  private static final int IDLE_SECONDS = Integer.getInteger("bench.idle.seconds", 60);
  /** The runner gives memory back 5 s after its last activity (supervise.IdleTrim.QUIET): idle starts after that. */
  private static final long IDLE_AFTER_MS = 6_000;
  private static final int WARM_UP = 2;
  private static final long PAUSE_MS = Long.getLong("bench.pause.ms", 1500);
  private static final Duration LONG = Duration.ofSeconds(60);
  /** The runner's quiet period for a lone changed file (ReloadGate.SINGLE_FILE_QUIET). */
  private static final long QUIET_MS = 20;
  static final Pattern PHASES = Pattern.compile("phases: debounce (\\d+) ms, build (\\d+) ms, stop (\\d+) ms,"
      + " start to ready (\\d+) ms; change to ready (\\d+) ms");
  static final String RELOADED = "restarting \\(pid \\d+ -> \\d+\\) \\.\\.\\. ready in";
  private static final List<String> CLASS_TEXTS = List.of("bench class A", "bench class B", "bench class C");

  /** One reload as the runner's -v phase line tells it; by hand, only stop, start and total (-1: none). */
  record Phases(long debounce, long build, long stop, long start, long total) {
    /** Debounce and bookkeeping: what is neither building, stopping nor starting. */
    long overhead() {
      return total - build - stop - start;
    }
  }

  /** One scenario's results: end-to-end ms; for the runner, the phases and the part outside them. */
  record Row(String name, List<Long> ms, List<Phases> phases, List<Long> outside) {
    Row(String name) {
      this(name, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    void add(long millis, Phases ph) {
      ms.add(millis);
      if (ph != null) {
        phases.add(ph);
        if (ph.debounce() >= 0) {
          outside.add(millis - ph.total());
        }
      }
    }
  }

  /** A runner under test: its process, port and app copy. */
  record Runner(RunnerProcess process, int port, BenchApp app) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      process.close();
    }
  }

  @TempDir Path tmp;
  private List<BenchApp.Variant> variants;
  private int extraReloads;
  private int missingPhases;
  private final StringBuilder notes = new StringBuilder();

  @Test
  void reloadTimes() throws Exception {
    String loadBefore = Measure.loadavg();
    BenchApp app = BenchApp.build(tmp.resolve("cds"));
    variants = app.precompile(tmp.resolve("variants"), CLASS_TEXTS);
    Row term = new Row("by hand: SIGTERM, wait, start");
    Row kill = new Row("by hand: SIGKILL, wait, start");
    Row classes = new Row("runner: class file changed");
    Row sources = new Row("runner: source changed (--javac)");
    Row noCds = new Row("runner: class file, --no-cds");
    Row noStandby = new Row("runner: class file, --no-standby");
    double[] proxy;
    double[] idle;
    // all scenarios run side by side on copies of the app, one edit of each per round, so that
    // whatever else loads the machine weighs on all of them alike
    try (Runner r = runner(app, List.of()); Runner plain = runner(app.copy(tmp.resolve("plain")), List.of("--no-cds"));
        Runner cold = runner(app.copy(tmp.resolve("cold")), List.of("--no-standby"));
        ByHand hand = new ByHand(app.copy(tmp.resolve("hand")), tmp.resolve("by-hand.log"))) {
      warmUp(r, true);
      warmUp(plain, false);
      warmUp(cold, true);
      for (int i = -WARM_UP; i < N; i++) {
        Phases t = hand.reload(hand.app.classEdit(variants), false);
        settle();
        Phases k = hand.reload(hand.app.classEdit(variants), true);
        settle();
        if (i >= 0) {
          term.add(t.total(), t);
          kill.add(k.total(), k);
        }
        reload(r, r.app().classEdit(variants), i >= 0 ? classes : null);
        reload(r, r.app().sourceEdit(), i >= 0 ? sources : null);
        reload(plain, plain.app().classEdit(variants), i >= 0 ? noCds : null);
        reload(cold, cold.app().classEdit(variants), i >= 0 ? noStandby : null);
      }
      keep(plain.process(), "runner-no-cds.log");
      keep(cold.process(), "runner-no-standby.log");
      plain.process().close(); // only the measured runner left for the proxy and idle readings
      cold.process().close();
      hand.close();
      proxy = proxyOverhead(r);
      idle = idle(r.process().pid());
      keep(r.process(), "runner.log");
    }
    System.out.print(report(List.of(term, kill, classes, sources, noCds, noStandby), proxy, idle, loadBefore));
  }

  /** The runner as ./runner starts it for sample-app, plus -v (phase lines) and {@code options}. */
  private Runner runner(BenchApp app, List<String> options) throws IOException {
    List<String> extra = new ArrayList<>(List.of("-v"));
    extra.addAll(options);
    int port = Net.freePort();
    RunnerProcess p = RunnerProcess.start(app.dir, Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString()),
        app.runnerArgs(port, extra));
    Poll.until(LONG, () -> Net.get(port, "/").isPresent(), () -> "sample-app served:\n" + p.output());
    return new Runner(p, port, app);
  }

  /**
   * Reloads until the runner has done {@link #WARM_UP} with everything in place; with CDS that
   * means with the archive, which the runner dumps in the background after the first reload.
   */
  private void warmUp(Runner r, boolean cds) throws IOException {
    for (int i = 0, ready = 0; ready < WARM_UP; i++) {
      assertTrue(i < 12, "warmed up within 12 reloads:\n" + r.process().output());
      reload(r, r.app().classEdit(variants), null);
      String out = r.process().output();
      if (cds && out.contains("recording the classes") && !out.contains("archive of") && !out.contains("sharing off")) {
        r.process().await("archive of \\d+ classes ready|class-data sharing off", Duration.ofSeconds(120));
      }
      if (!cds || out.contains("class-data sharing: using") || out.contains("class-data sharing off")) {
        ready++;
      }
    }
    if (cds) {
      Matcher m = Pattern.compile("class-data sharing: archive of \\d+ classes ready in \\d+ ms|class-data sharing off.*")
          .matcher(r.process().output());
      notes.append(m.find() ? m.group() : "class-data sharing: no archive").append('\n');
    }
  }

  /**
   * One timed edit through the runner, added to {@code row} (unless warming up) with the phase
   * line the runner printed for the reload; a reload without one is counted, not failed.
   */
  private void reload(Runner runner, BenchApp.Edit e, Row row) throws IOException {
    RunnerProcess r = runner.process();
    int reloads = r.count(RELOADED);
    int lines = r.count("phases: ");
    long t0 = System.nanoTime();
    e.write().run();
    long t1 = Measure.awaitServed(runner.port(), e.text(), LONG, r::output);
    Poll.until(LONG, () -> r.count(RELOADED) > reloads, () -> "a reload line for '" + e.text() + "':\n" + r.output());
    settle(); // the phase line follows the reload line; and a spurious second reload would show by now
    if (row == null) {
      return;
    }
    extraReloads += r.count(RELOADED) - reloads - 1;
    Phases ph = null;
    if (r.count("phases: ") > lines) {
      Matcher m = PHASES.matcher(r.output());
      for (int k = 0; k <= lines; k++) {
        assertTrue(m.find(), "phase line " + k + " parses:\n" + r.output());
      }
      ph = new Phases(num(m, 1), num(m, 2), num(m, 3), num(m, 4), num(m, 5));
    } else {
      missingPhases++;
    }
    row.add(TimeUnit.NANOSECONDS.toMillis(t1 - t0), ph);
  }

  /** Median latency (ms) of sequential GETs and requests/s of 4 clients: via the proxy, then direct. */
  private double[] proxyOverhead(Runner r) throws Exception {
    int port = r.port();
    String status = Net.get(port, "/_runner/status.txt").orElseThrow();
    Matcher m = Pattern.compile("worker 0: pid \\d+, internal port (\\d+)").matcher(status);
    assertTrue(m.find(), "a worker port in /_runner/status:\n" + status);
    URI via = URI.create("http://127.0.0.1:" + port + "/");
    URI direct = URI.create("http://127.0.0.1:" + m.group(1) + "/");
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Measure.latencies(client, via, 200); // warm both paths
    Measure.latencies(client, direct, 200);
    List<Double> viaMs = new ArrayList<>();
    List<Double> directMs = new ArrayList<>();
    for (int round = 0; round < 5; round++) { // interleaved, so both see the same machine
      viaMs.addAll(Measure.latencies(client, via, 100));
      directMs.addAll(Measure.latencies(client, direct, 100));
    }
    double viaRps = Measure.throughput(via, 4, Duration.ofSeconds(3));
    double directRps = Measure.throughput(direct, 4, Duration.ofSeconds(3));
    return new double[] {Measure.median(viaMs), Measure.median(directMs), viaRps, directRps};
  }

  /** The runner JVM's CPU % and mean / max RSS (MB) over IDLE_SECONDS without changes. */
  private double[] idle(long pid) throws Exception {
    Thread.sleep(IDLE_AFTER_MS); // the last requests and reload settle, and the runner's idle trim runs
    long ticks0 = Measure.cpuTicks(pid);
    long t0 = System.nanoTime();
    List<Long> rss = new ArrayList<>();
    for (int s = 0; s < IDLE_SECONDS; s++) {
      Thread.sleep(1000);
      rss.add(Measure.rssKb(pid));
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpu = (Measure.cpuTicks(pid) - ticks0) / Measure.TICKS_PER_SECOND / seconds * 100;
    double mean = rss.stream().mapToLong(Long::longValue).average().orElse(0) / 1024;
    return new double[] {cpu, mean, rss.stream().mapToLong(Long::longValue).max().orElse(0) / 1024.0};
  }

  private String report(List<Row> rows, double[] proxy, double[] idle, String loadBefore) {
    double base = Measure.median(rows.get(0).ms());
    StringBuilder b = new StringBuilder("\n=== reload benchmark: sample-app, class/source file written -> new text served ===\n");
    b.append(String.format(Locale.ROOT, "%d cores, %s, load average before %s, after %s%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"), loadBefore, Measure.loadavg()));
    b.append(notes);
    String f = "%-34s %3s %7s %7s %9s | %8s %6s %5s %12s %13s %10s%n";
    b.append(String.format(Locale.ROOT, f, "scenario", "n", "p50 ms", "p90 ms", "x SIGTERM",
        "debounce", "build", "stop", "start->ready", "change->ready", "watch+poll"));
    b.append("-".repeat(126)).append('\n');
    for (Row row : rows) {
      double p50 = Measure.median(row.ms());
      b.append(String.format(Locale.ROOT, f, row.name(), row.ms().size(), fmt(p50), fmt(Measure.percentile(row.ms(), 90)),
          String.format(Locale.ROOT, "%.2f", p50 / base), phase(row, Phases::debounce), phase(row, Phases::build),
          phase(row, Phases::stop), phase(row, Phases::start), phase(row, p -> p.debounce() < 0 ? -1 : p.total()),
          row.outside().isEmpty() ? "-" : fmt(Measure.median(row.outside()))));
    }
    b.append("phase columns: medians of the runner's -v phase lines; by hand, stop = signal to exit and start->ready ="
        + " start to served.\nwatch+poll: median of end-to-end minus change->ready (file event latency, proxy, first"
        + " request, 5 ms polling).\n");
    if (extraReloads != 0) {
      b.append("note: ").append(extraReloads).append(" reload(s) more than edits\n");
    }
    if (missingPhases != 0) {
      b.append("note: ").append(missingPhases).append(" reload(s) printed no phase line, so their row has no phase"
          + " columns\n  (seen when the build's class files arrive as a batch of their own, after the build: the runner"
          + " judges\n  them 'already loaded' but has restarted its phase clock for them)\n");
    }
    b.append(String.format(Locale.ROOT, "proxy: GET / median %.3f ms via the runner vs %.3f ms direct (+%.3f ms);"
        + " 4 clients: %.0f req/s via the runner vs %.0f req/s direct (%.0f%%)%n",
        proxy[0], proxy[1], proxy[0] - proxy[1], proxy[2], proxy[3], 100 * proxy[2] / proxy[3]));
    b.append(String.format(Locale.ROOT, "idle runner JVM over %d s: CPU %.3f %%, RSS mean %.1f MB, max %.1f MB%n",
        IDLE_SECONDS, idle[0], idle[1], idle[2]));
    double overhead = Measure.median(rows.get(2).phases().stream().map(Phases::overhead).toList());
    b.append("targets:\n");
    target(b, "class change p50 <= 0.6 x SIGTERM baseline", Measure.median(rows.get(2).ms()) / base, 0.6, "x");
    target(b, "source change p50 <= 1.0 x SIGTERM baseline", Measure.median(rows.get(3).ms()) / base, 1.0, "x");
    target(b, "runner overhead <= 30 ms + " + QUIET_MS + " ms quiet period", overhead, 30 + QUIET_MS, "ms");
    target(b, "idle CPU (" + IDLE_SECONDS + " s) <= 0.2 %", idle[0], 0.2, "%");
    target(b, "idle RSS (max) <= 80 MB", idle[2], 80, "MB");
    b.append("(runner overhead: median over class changes of change->ready - build - stop - start->ready)\n");
    return b.toString();
  }

  private static void target(StringBuilder b, String what, double value, double limit, String unit) {
    b.append(String.format(Locale.ROOT, "  %-52s %9.2f %-2s (limit %6.2f)  %s%n", what, value, unit, limit,
        Double.isNaN(value) ? "n/a" : value <= limit ? "PASS" : "MISS"));
  }

  private static String phase(Row row, ToLongFunction<Phases> part) {
    double median = Measure.median(row.phases().stream().map(part::applyAsLong).toList());
    return row.phases().isEmpty() || median < 0 ? "-" : fmt(median);
  }

  private static String fmt(double ms) {
    return String.format(Locale.ROOT, "%.0f", ms);
  }

  private static long num(Matcher m, int group) {
    return Long.parseLong(m.group(group));
  }

  /** The runner's output, kept for a look at the details: target/bench/NAME. */
  private static void keep(RunnerProcess r, String name) throws IOException {
    Path dir = Files.createDirectories(Path.of("target", "bench"));
    Files.writeString(dir.resolve(name), r.output());
  }

  /**
   * A pause between edits, as a person makes them: seconds apart, not back to back. It keeps one
   * reload's after-effects (JIT, GC, output) off the next, and gives the runner the moment it
   * uses to start a standby JVM (Slots.PREPARE_AFTER, then the JVM's boot); every scenario,
   * by hand included, gets the same pauses.
   */
  private static void settle() {
    try {
      Thread.sleep(PAUSE_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
