package dev.runner.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.e2e.Net;
import dev.runner.e2e.Poll;
import dev.runner.e2e.RunnerProcess;
import java.io.IOException;
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
 * The Spring Boot benchmark: {@code mvn -B -Pbench test -Dtest=SpringBootBenchmark [-Dbench.n=10]
 * [-Dbench.rss.reloads=20] [-Dbench.pause.ms=1500] [-Dbench.jdk=/usr/lib/jvm/temurin-25-jdk-amd64]}.
 *
 * <p>{@link BootShop}, built once with Maven, runs three ways side by side, each in its own copy
 * and on its own free port: restarted by hand, under Spring Boot DevTools, and under the runner.
 * The edits are interleaved (by hand, DevTools, runner, by hand, ...) so that whatever else loads
 * the machine weighs on all alike, and each one changes the headline the home page shows by
 * writing a new {@code HeadlineService.class} (compiled beforehand, as an IDE would). It times
 * "class file written → new headline served", counts the requests a person reloading the page
 * would have had refused meanwhile ({@link RefusalProbe}), and reads the serving JVM's RSS after
 * the first and the 20th reload. One Markdown table, ratios against DevTools' p50, the issue's
 * targets marked PASS or MISS. Only correctness is asserted (every edit served, nothing left
 * running), never a timing.
 */
@Tag("bench")
class SpringBootBenchmark {
  private static final int N = Integer.getInteger("bench.n", 10);
  private static final int RSS_AT = Integer.getInteger("bench.rss.reloads", 20);
  private static final long PAUSE_MS = Long.getLong("bench.pause.ms", 1500);
  /** The JDK of every app JVM (the runner itself runs on the test's). */
  private static final Path JDK = Path.of(System.getProperty("bench.jdk", System.getProperty("java.home")));
  private static final String JAVA = JDK.resolve("bin/java").toString();
  /** Spring Boot with Hibernate starts in seconds, or in minutes on a loaded 2-core machine. */
  private static final Duration LONG = Duration.ofMinutes(5);
  private static final List<String> HEADLINES = List.of("headline A", "headline B", "headline C");

  /** What is measured, in the order of each round. */
  enum Scenario {
    BY_HAND("by hand: SIGTERM, wait, java -cp"),
    DEVTOOLS("DevTools: restart classloader"),
    RUNNER("runner, defaults, class file"),
    /** The headline variants differ in one method's body only: the runner redefines it in place. */
    RUNNER_HOTSWAP("runner --hotswap, method-body edit");
    // Not measured yet: "runner --hotswap, structural edit" (it restarts as RUNNER does, after one
    // comparison of the changed class files; it needs variants that add a field).

    final String label;

    Scenario(String label) {
      this.label = label;
    }
  }

  /** One contestant: its copy of the app, its port, and either its own JVM or the runner. */
  record Contestant(Scenario scenario, Path dir, int port, AppJvm app, RunnerProcess runner, Row row)
      implements AutoCloseable {
    String output() {
      return app != null ? app.output() : runner.output();
    }

    @Override
    public void close() throws InterruptedException {
      if (app != null) {
        app.close();
      } else {
        runner.close();
      }
    }
  }

  /** A contestant's results. */
  static final class Row {
    final List<Long> ms = new ArrayList<>();
    final List<ReloadBenchmark.Phases> phases = new ArrayList<>();
    RefusalProbe.Count refusals = new RefusalProbe.Count(0, 0, 0);
    int reloadsWithRefusals;
    int reloads;
    long rssFirstKb = -1;
    long rssLastKb = -1;
    int rssLastAt;
    int extraRestarts;
    int missingPhases;
    int edits;
  }

  @TempDir Path tmp;
  private List<BuiltShop.Variant> variants;
  private int runnerWarmUps;

  @Test
  void springBootReloads() throws Exception {
    assertTrue(Files.isExecutable(Path.of(JAVA)), "bench.jdk has a bin/java: " + JAVA);
    String loadBefore = Measure.loadavg();
    long t0 = System.nanoTime();
    BuiltShop shop = BuiltShop.build(tmp);
    long built = System.nanoTime();
    variants = shop.precompile(tmp.resolve("variants"), HEADLINES);
    long processesBefore = descendants();
    int rounds = Math.max(N, RSS_AT);
    List<Contestant> all = new ArrayList<>();
    try (Contestant hand = start(Scenario.BY_HAND, shop, all); Contestant devtools = start(Scenario.DEVTOOLS, shop, all);
        Contestant runner = start(Scenario.RUNNER, shop, all);
        Contestant hotswap = start(Scenario.RUNNER_HOTSWAP, shop, all)) {
      try {
        warmUpRunner(runner);
        for (int i = -1; i < rounds; i++) { // round -1 warms every contestant up
          for (Contestant c : all) {
            reload(c, i);
          }
        }
      } finally {
        for (Contestant c : all) {
          keep(c);
        }
      }
    }
    Poll.until(Duration.ofSeconds(30), () -> descendants() == processesBefore,
        () -> "as many processes as before the contestants started (" + processesBefore + "), not " + descendants());
    System.out.print(report(all, loadBefore, TimeUnit.NANOSECONDS.toSeconds(built - t0)));
  }

  private Contestant start(Scenario s, BuiltShop shop, List<Contestant> all) throws Exception {
    Path dir = shop.copy(tmp.resolve(s.name().toLowerCase(Locale.ROOT)));
    int port = Net.freePort();
    Contestant c = switch (s) {
      case BY_HAND -> new Contestant(s, dir, port, new AppJvm(List.of(JAVA, "-cp", shop.classpath(false), BootShop.MAIN),
          dir, Map.of("SERVER_PORT", Integer.toString(port)), tmp.resolve("by-hand.log")), null, new Row());
      // its LiveReload server would bind port 35729 on every address: off, as the runner has it
      case DEVTOOLS -> new Contestant(s, dir, port, new AppJvm(List.of(JAVA, "-cp", shop.classpath(true), BootShop.MAIN),
          dir, Map.of("SERVER_PORT", Integer.toString(port), "SPRING_DEVTOOLS_LIVERELOAD_ENABLED", "false"),
          tmp.resolve("devtools.log")), null, new Row());
      // README, "Any command": a Maven project run with a command of one's own; -v for the phase
      // lines, and a start deadline for a loaded machine (60 s by default), which times nothing
      case RUNNER, RUNNER_HOTSWAP -> new Contestant(s, dir, port, null, RunnerProcess.start(dir,
          Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString()),
          runnerArgs(s, port, shop)), new Row());
    };
    try {
      Measure.awaitContaining(port, "/", BootShop.served(BootShop.FIRST_HEADLINE), LONG, c::output);
    } catch (RuntimeException | Error e) {
      keep(c);
      c.close();
      throw e;
    }
    all.add(c);
    return c;
  }

  /**
   * Reloads the runner (untimed) until its child maps the class-data sharing archive, which the
   * runner dumps in the background after the first reload; at most 12 reloads.
   */
  private void warmUpRunner(Contestant c) throws Exception {
    RunnerProcess r = c.runner();
    int i = 0;
    for (; !r.output().contains("class-data sharing: using") && !r.output().contains("sharing off"); i++) {
      assertTrue(i < 12, "class-data sharing in use within 12 reloads:\n" + r.output());
      reload(c, -1);
      if (r.output().contains("recording the classes") && !r.output().contains("archive of")) {
        r.await("archive of \\d+ classes ready|class-data sharing off", LONG);
      }
    }
    runnerWarmUps = i;
  }

  /** One edit, timed from the write to the new headline served; round < 0 is a warm-up. */
  private void reload(Contestant c, int round) throws Exception {
    Row row = c.row();
    // each contestant cycles through the variants on its own: every edit serves something new to it
    BuiltShop.Variant v = variants.get(row.edits++ % variants.size());
    String before = Net.get(c.port(), "/").orElse("");
    assertTrue(!before.contains(BootShop.served(v.headline())), c.scenario() + ": '" + v.headline()
        + "' is not served before its edit");
    boolean swap = c.scenario() == Scenario.RUNNER_HOTSWAP;
    String doneLine = swap ? SWAPPED : ReloadBenchmark.RELOADED;
    int reloadLines = c.runner() == null ? 0 : c.runner().count(doneLine);
    int phaseLines = c.runner() == null ? 0 : c.runner().count("phases: ");
    int started = countStarted(c);
    RefusalProbe probe = RefusalProbe.start(c.port(), "/", c.scenario().name());
    long t0 = System.nanoTime();
    BuiltShop.writeClass(c.dir(), v);
    if (c.scenario() == Scenario.BY_HAND) {
      c.app().restart();
    }
    long t1 = Measure.awaitContaining(c.port(), "/", BootShop.served(v.headline()), LONG, c::output);
    RefusalProbe.Count count = probe.stop();
    ReloadBenchmark.Phases phases = null;
    if (c.runner() != null) {
      RunnerProcess r = c.runner();
      Poll.until(LONG, () -> r.count(doneLine) > reloadLines, () -> "a reload line for '"
          + v.headline() + "':\n" + r.output());
      phases = swap ? null : phases(r, phaseLines); // a swap has no stop and start to time
    }
    settle(); // a person's pause; a second, spurious restart would show by its end
    if (round < 0) {
      return;
    }
    row.reloads++;
    row.refusals = row.refusals.plus(count);
    row.reloadsWithRefusals += count.refused() + count.failed() > 0 ? 1 : 0;
    row.extraRestarts += countStarted(c) - started - (swap ? 0 : 1);
    if (round < N) {
      row.ms.add(TimeUnit.NANOSECONDS.toMillis(t1 - t0));
      if (phases != null) {
        row.phases.add(phases);
      } else if (c.runner() != null && !swap) {
        row.missingPhases++;
      }
    }
    if (round == 0) {
      row.rssFirstKb = Measure.rssKb(servingPid(c));
    } else if (round == RSS_AT - 1) {
      row.rssLastKb = Measure.rssKb(servingPid(c));
      row.rssLastAt = round + 1;
    }
  }

  /** Restarts the app has reported so far: Spring Boot's "Started ..." line (by hand, a new JVM's). */
  private static int countStarted(Contestant c) {
    return c.runner() != null ? c.runner().count(ReloadBenchmark.RELOADED) : c.app().output().split(
        "Started ShopApplication in", -1).length - 1;
  }

  /** The phase line after the {@code before} ones the runner had printed, or null when none comes. */
  private static ReloadBenchmark.Phases phases(RunnerProcess r, int before) {
    try {
      Poll.until(Duration.ofSeconds(10), () -> r.count("phases: ") > before, () -> "a phase line");
    } catch (AssertionError none) {
      return null;
    }
    Matcher m = ReloadBenchmark.PHASES.matcher(r.output());
    for (int k = 0; k <= before; k++) {
      assertTrue(m.find(), "phase line " + k + " parses:\n" + r.output());
    }
    return new ReloadBenchmark.Phases(num(m, 1), num(m, 2), num(m, 3), num(m, 4), num(m, 5));
  }

  private static List<String> runnerArgs(Scenario s, int port, BuiltShop shop) {
    List<String> args = new ArrayList<>(List.of("-v", "--timeout-start", "5m", "--port", Integer.toString(port),
        "-w", "src/main/java", "-w", "target/classes", "--javac"));
    if (s == Scenario.RUNNER_HOTSWAP) {
      args.add("--hotswap");
    }
    args.addAll(List.of("--", JAVA, "-cp", shop.classpath(false), BootShop.MAIN));
    return args;
  }

  /** The runner's line for a change redefined in the running JVM. */
  private static final String SWAPPED = "; swapped .+ in pid \\d+";

  /** The pid {@code GET /pid} answers (on a loaded machine an answer can take longer than Net's 5 s). */
  private static long servingPid(Contestant c) {
    String[] answer = new String[1];
    Poll.until(LONG, () -> (answer[0] = Net.get(c.port(), "/pid").orElse(null)) != null,
        () -> c.scenario() + ": an answer to GET /pid\n" + c.output());
    long pid = Long.parseLong(answer[0].strip());
    if (c.app() != null) {
      assertEquals(c.app().pid(), pid, c.scenario() + ": the JVM it started serves");
    }
    return pid;
  }

  private String report(List<Contestant> all, String loadBefore, long buildSeconds) throws IOException {
    Row devtools = all.stream().filter(c -> c.scenario() == Scenario.DEVTOOLS).findFirst().orElseThrow().row();
    double base = Measure.median(devtools.ms);
    StringBuilder b = new StringBuilder("\n=== Spring Boot reload benchmark: class file written -> new headline served ===\n");
    b.append(String.format(Locale.ROOT, "%d cores, runner and test on %s, app JVMs on %s; load average before %s,"
        + " after %s; Maven build %d s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"),
        jdkVersion(), loadBefore, Measure.loadavg(), buildSeconds));
    b.append(String.format(Locale.ROOT, "%d timed edits each, %d reloads each in all, %d ms apart, interleaved;"
        + " refusals probed every %d ms from each write to its new headline served; 1 warm-up reload each before"
        + " (the runner %d more first, until its class-data sharing archive was in use)%n%n", N,
        all.get(0).row().reloads, PAUSE_MS, RefusalProbe.INTERVAL_MS, runnerWarmUps));
    b.append("| contestant | n | p50 ms | p90 ms | x DevTools p50 | refused / failed requests (reloads with any) |"
        + " RSS after reload 1 -> R (MB) | debounce | build | stop | start->ready |\n");
    b.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (Contestant c : all) {
      Row r = c.row();
      double p50 = Measure.median(r.ms);
      b.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.2f | %d / %d (%d of %d) | %s | %s | %s | %s | %s |%n",
          c.scenario().label, r.ms.size(), p50, Measure.percentile(r.ms, 90), p50 / base, r.refusals.refused(),
          r.refusals.failed(), r.reloadsWithRefusals, r.reloads, rss(r), phase(r, ReloadBenchmark.Phases::debounce),
          phase(r, ReloadBenchmark.Phases::build), phase(r, ReloadBenchmark.Phases::stop),
          phase(r, ReloadBenchmark.Phases::start)));
    }
    b.append("\nphase columns: medians of the runner's -v phase lines. RSS: VmRSS of the JVM serving /, read "
        + PAUSE_MS + " ms after reload 1 and reload R.\n");
    for (Contestant c : all) {
      if (c.row().extraRestarts != 0) {
        b.append("note: ").append(c.scenario().label).append(": ").append(c.row().extraRestarts)
            .append(" restart(s) more than edits\n");
      }
      if (c.row().missingPhases != 0) {
        b.append("note: ").append(c.row().missingPhases).append(" runner reload(s) printed no phase line\n");
      }
    }
    Row runner = all.stream().filter(c -> c.scenario() == Scenario.RUNNER).findFirst().orElseThrow().row();
    double ratio = Measure.median(runner.ms) / base;
    b.append("\ntargets (issue #13):\n");
    target(b, "runner p50 <= 1.0 x DevTools p50", String.format(Locale.ROOT, "%.2f x", ratio), ratio <= 1.0);
    target(b, "runner p50 never worse than 1.5 x DevTools p50", String.format(Locale.ROOT, "%.2f x", ratio),
        ratio <= 1.5);
    int lost = runner.refusals.refused() + runner.refusals.failed();
    target(b, "runner: 0 requests refused (or failed) during reloads", Integer.toString(lost), lost == 0);
    double growth = growth(runner);
    target(b, "runner: RSS after " + runner.rssLastAt + " reloads within 10 % of after the first",
        String.format(Locale.ROOT, "%+.1f %%", growth), Math.abs(growth) <= 10);
    Row hotswap = all.stream().filter(c -> c.scenario() == Scenario.RUNNER_HOTSWAP).findFirst().orElseThrow().row();
    double swapRatio = Measure.median(hotswap.ms) / base;
    target(b, "runner --hotswap, method-body edit: p50 <= 0.1 x DevTools p50",
        String.format(Locale.ROOT, "%.3f x", swapRatio), swapRatio <= 0.1);
    return b.toString();
  }

  private static void target(StringBuilder b, String what, String value, boolean pass) {
    b.append(String.format(Locale.ROOT, "  %-62s %10s  %s%n", what, value, pass ? "PASS" : "MISS"));
  }

  private static String rss(Row r) {
    if (r.rssFirstKb < 0 || r.rssLastKb < 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.0f -> %.0f (R=%d, %+.0f %%)", r.rssFirstKb / 1024.0, r.rssLastKb / 1024.0,
        r.rssLastAt, growth(r));
  }

  private static double growth(Row r) {
    return r.rssFirstKb <= 0 || r.rssLastKb < 0 ? Double.NaN : 100.0 * (r.rssLastKb - r.rssFirstKb) / r.rssFirstKb;
  }

  private static String phase(Row r, ToLongFunction<ReloadBenchmark.Phases> part) {
    return r.phases.isEmpty() ? "-"
        : String.format(Locale.ROOT, "%.0f", Measure.median(r.phases.stream().map(part::applyAsLong).toList()));
  }

  /** JAVA_VERSION and IMPLEMENTOR from the JDK's release file, e.g. "25.0.1 (Eclipse Adoptium)". */
  private static String jdkVersion() throws IOException {
    Path release = JDK.resolve("release");
    if (!Files.isRegularFile(release)) {
      return JDK.toString();
    }
    String text = Files.readString(release);
    return value(text, "JAVA_VERSION") + " (" + value(text, "IMPLEMENTOR") + ", " + JDK + ")";
  }

  private static String value(String release, String key) {
    Matcher m = Pattern.compile("(?m)^" + key + "=\"?([^\"\\n]*)\"?$").matcher(release);
    return m.find() ? m.group(1) : "?";
  }

  private static long num(Matcher m, int group) {
    return Long.parseLong(m.group(group));
  }

  /** The live processes this test JVM started (and their children) right now. */
  private static long descendants() {
    return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count();
  }

  /** Each contestant's output, kept for a look at the details: target/bench/spring-NAME.log. */
  private static void keep(Contestant c) throws IOException {
    Path dir = Files.createDirectories(Path.of("target", "bench"));
    Files.writeString(dir.resolve("spring-" + c.scenario().name().toLowerCase(Locale.ROOT) + ".log"), c.output());
  }

  /** A person's pause between edits, the same after every contestant's (see ReloadBenchmark.settle). */
  private static void settle() throws InterruptedException {
    Thread.sleep(PAUSE_MS);
  }
}
