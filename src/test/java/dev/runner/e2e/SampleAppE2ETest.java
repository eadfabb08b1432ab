package dev.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product as a user meets it: sample-app (Undertow plus a two-process pool, one with a child
 * of its own) under the runner, with its real Maven build, edited for real.
 */
class SampleAppE2ETest {
  private static final Duration LONG = Duration.ofSeconds(60);
  private static final String SERVER = "dev.runner.sample.SampleApp";

  @TempDir static Path tmp;
  private static SampleAppCopy app;

  @BeforeAll
  static void buildCopy() throws Exception {
    app = SampleAppCopy.build(tmp);
  }

  private static void awaitServed(RunnerProcess r, int port, String text) {
    Poll.until(LONG, () -> Net.get(port, "/").equals(Optional.of(text + "\n")),
        () -> "GET / answering '" + text + "'; runner said:\n" + r.output());
  }

  /** The server and its pool: server JVM, two worker JVMs, the sleep under worker 1. */
  private static Set<Long> generation(String testId) {
    return Census.running(testId).stream()
        .filter(p -> isApp(p) && p.cmdline().contains("dev.runner.sample.") || p.cmdline().startsWith("sleep 3600"))
        .map(Census.Proc::pid).collect(Collectors.toSet());
  }

  /** A process of the app itself, not the runner (whose command line also names the app). */
  private static boolean isApp(Census.Proc p) {
    return !p.cmdline().contains("dev.runner.Main") && !p.cmdline().startsWith("sh ");
  }

  /**
   * Generations alive at one moment: the runner starts each generation in a session of its own,
   * so distinct sessions among the app's processes are distinct generations. (Counting server
   * command lines would be fooled by a server forking a pool worker: until the exec the fork shows
   * its parent's command line.) A /proc scan is not atomic, so sessions seen are checked again
   * afterwards: only those with a process still alive once all were seen were alive together.
   */
  private static long generationsAlive(String testId) {
    Map<Long, List<Long>> bySession = Census.running(testId).stream()
        .filter(p -> isApp(p) && (p.cmdline().contains("dev.runner.sample.") || p.cmdline().startsWith("sleep 3600")))
        .collect(Collectors.groupingBy(p -> session(p.pid()), Collectors.mapping(Census.Proc::pid, Collectors.toList())));
    bySession.remove(-1L);
    if (bySession.size() < 2) {
      return bySession.size();
    }
    return bySession.values().stream().filter(pids -> pids.stream().anyMatch(Census::alive)).count();
  }

  private static long session(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
    } catch (Exception e) {
      return -1;
    }
  }

  @Test
  void twentyEditsEachServedWithNoEarlierGenerationLeftAndNeverTwoServersAtOnce() throws Exception {
    int port = Net.freePort();
    app.setGreeting("Hello from sample-app");
    try (RunnerProcess r = RunnerProcess.start(app.dir, Map.of("PORT", Integer.toString(port)), app.runnerArgs(port))) {
      AtomicLong maxServers = new AtomicLong();
      AtomicBoolean sampling = new AtomicBoolean(true);
      Thread sampler = new Thread(() -> {
        while (sampling.get()) {
          maxServers.accumulateAndGet(generationsAlive(r.testId), Math::max);
          LockSupport.parkNanos(2_000_000); // leave the CPU to the runner
        }
      }, "server-sampler");
      sampler.start();
      try {
        awaitServed(r, port, "Hello from sample-app");
        List<Long> millis = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
          Poll.until(LONG, () -> generation(r.testId).size() == 4, () -> "server, 2 pool workers and the sleep: "
              + Census.of(r.testId));
          Set<Long> previous = generation(r.testId);
          long t0 = System.nanoTime();
          app.setGreeting("Hello #" + i);
          awaitServed(r, port, "Hello #" + i);
          millis.add((System.nanoTime() - t0) / 1_000_000);
          for (long pid : previous) {
            assertTrue(!Census.alive(pid), "edit " + i + ": process " + pid + " of the earlier generation is gone");
          }
        }
        List<Long> sorted = millis.stream().sorted().toList();
        System.out.printf("sample-app edit -> served over 20 edits: median %d ms, min %d ms, max %d ms%n",
            sorted.get(9), sorted.get(0), sorted.get(19));
      } finally {
        sampling.set(false);
        sampler.join();
      }
      assertEquals(1, maxServers.get(), "never two generations alive at a sampled moment");
    }
  }

  @Test
  void aSyntaxErrorKeepsTheOldChildServingAndShowsTheCompilerError_fixingItReloads() throws Exception {
    int port = Net.freePort();
    app.setGreeting("Before the typo");
    try (RunnerProcess r = RunnerProcess.start(app.dir, Map.of("PORT", Integer.toString(port)), app.runnerArgs(port))) {
      awaitServed(r, port, "Before the typo");
      app.writeGreetingSource("return \"Oops\"");
      r.await("build failed", LONG);
      r.await("Greeting\\.java.*", LONG);
      r.await("pid \\d+ keeps running the previous version", LONG);
      assertEquals(Optional.of("Before the typo\n"), Net.get(port, "/"));
      app.setGreeting("After the fix");
      awaitServed(r, port, "After the fix");
    }
  }

  @Test
  void aRunnerStartedWithSigintAndSigquitIgnoredGivesItsChildDefaultDispositionsAndTrueExitCodes() throws Exception {
    int port = Net.freePort();
    app.setGreeting("Hello from sample-app");
    List<String> argv = new ArrayList<>(List.of("sh", "-c", "trap '' INT QUIT; exec \"$@\"", "sh", RunnerProcess.JAVA));
    argv.addAll(RunnerProcess.FAST_JVM);
    argv.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.runner.Main"));
    argv.addAll(app.runnerArgs(port));
    try (RunnerProcess r = RunnerProcess.startRaw(app.dir, Map.of("PORT", Integer.toString(port)), argv)) {
      awaitServed(r, port, "Hello from sample-app");
      assertEquals(0x2, sigIgn(r.pid()) & 0x2, "the runner itself runs with SIGINT ignored, as a background job does");
      long server = Census.running(r.testId).stream().filter(p -> isApp(p) && p.cmdline().endsWith(SERVER))
          .findFirst().orElseThrow().pid();
      // SIGINT only: HotSpot installs its own SIGQUIT handler whatever it inherited, so a JVM's
      // SIGQUIT bit cannot show the reset (the next test checks SIGQUIT on a non-JVM child). For
      // SIGINT a JVM keeps an inherited "ignored": a clear bit here, and a handler installed
      // (SigCgt), mean the child started with the default.
      assertEquals(0, sigIgn(server) & 0x2, "the child does not have SIGINT ignored");
      assertEquals(0x2, mask(server, "SigCgt:") & 0x2, "the child JVM installed its SIGINT handler");
      assertEquals(Optional.of("{\"exitCode\":3}"), Net.request("POST", port, "/run").map(String::strip), r::output);
      r.signal("TERM"); // a JVM cannot un-ignore SIGINT for itself; ./runner resets it (see LauncherIT)
      assertEquals(143, r.awaitExit(LONG));
    }
  }

  /**
   * The dispositions as a non-JVM child reads them itself (a JVM child always catches SIGQUIT,
   * so it cannot show them). Without the reset this child has SIGINT ignored. Its SIGQUIT is
   * default either way: the runner JVM's HotSpot catches SIGQUIT, and exec resets a caught
   * signal to default; the SIGQUIT bit is checked all the same, for a runner that would ignore it.
   */
  @Test
  void aNonJvmChildOfARunnerWithSigintAndSigquitIgnoredHasNeitherIgnored() throws Exception {
    Path seen = app.dir.resolve("sigign.txt");
    List<String> argv = new ArrayList<>(List.of("sh", "-c", "trap '' INT QUIT; exec \"$@\"", "sh", RunnerProcess.JAVA));
    argv.addAll(RunnerProcess.FAST_JVM);
    argv.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.runner.Main", "-w", "src", "--",
        "sh", "-c", "grep SigIgn: /proc/self/status > sigign.tmp && mv sigign.tmp sigign.txt; exec sleep 600"));
    try (RunnerProcess r = RunnerProcess.startRaw(app.dir, Map.of(), argv)) {
      Poll.until(LONG, () -> Files.exists(seen), () -> "the child wrote its dispositions:\n" + r.output());
      // (the runner is a JVM too: its SIGQUIT is HotSpot's own, so only SIGINT shows as ignored there)
      assertEquals(0x2, sigIgn(r.pid()) & 0x2, "the runner itself has SIGINT ignored, as a background job does");
      long ignored = Long.parseLong(Files.readString(seen).substring("SigIgn:".length()).trim(), 16);
      assertEquals(0, ignored & 0x6, "the child has neither SIGINT nor SIGQUIT ignored: " + Files.readString(seen));
      r.signal("TERM");
      assertEquals(143, r.awaitExit(LONG));
    }
  }

  static long sigIgn(long pid) throws Exception {
    return mask(pid, "SigIgn:");
  }

  /** A signal mask from /proc/PID/status: bit N-1 is signal N. */
  static long mask(long pid, String field) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.substring(field.length()).trim(), 16);
      }
    }
    throw new IllegalStateException("no " + field + " for " + pid);
  }
}
