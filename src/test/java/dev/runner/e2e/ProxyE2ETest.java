package dev.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The front proxy with real workers: held requests, balancing, recycling, the invariants with N workers. */
class ProxyE2ETest {
  private static final Duration LONG = Duration.ofSeconds(30);

  @TempDir Path dir;
  private Path appClass;
  private int port;

  /** One HTTP answer as a client sees it: status (or -1 for a connection error) and body. */
  record Answer(int status, String body) {}

  @BeforeEach
  void layout() throws IOException {
    Files.createDirectories(dir.resolve("classes"));
    appClass = dir.resolve("classes/App.class");
    Files.writeString(appClass, "v0");
    port = Net.freePort();
  }

  private RunnerProcess runner(Map<String, String> env, List<String> options) throws IOException {
    List<String> args = new ArrayList<>(List.of("-w", "classes", "--port", Integer.toString(port)));
    args.addAll(options);
    args.add("--");
    args.addAll(RunnerProcess.fixture("FileServer", "classes/App.class"));
    return RunnerProcess.start(dir, env, args);
  }

  static Answer call(int port, String path) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
      c.setConnectTimeout(5000);
      c.setReadTimeout(40_000);
      int status = c.getResponseCode();
      byte[] body = (status < 400 ? c.getInputStream() : c.getErrorStream()).readAllBytes();
      return new Answer(status, new String(body, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Answer(-1, e.toString());
    }
  }

  private void awaitServed(RunnerProcess r, String content) {
    Poll.until(LONG, () -> Net.get(port, "/").equals(Optional.of(content)),
        () -> "GET / answering '" + content + "'; runner said:\n" + r.output());
  }

  private static long workers(RunnerProcess r) {
    return Census.running(r.testId).stream().filter(p -> p.cmdline().endsWith("FileServer classes/App.class")
        && !p.cmdline().contains("dev.runner.Main")).count();
  }

  @Test
  void webConcurrencyGivesTheWorkerCountWhenNoOptionSaysOtherwise() throws Exception {
    try (RunnerProcess r = runner(Map.of("WEB_CONCURRENCY", "2"), List.of())) {
      awaitServed(r, "v0");
      r.await("\\(pids \\d+, \\d+\\) \\.\\.\\. ready in", LONG);
      assertEquals(2, workers(r));
      assertTrue(r.output().contains("(2 workers)"), r.output());
    }
  }

  @Test
  void aClientPollingThroughTenReloadsSeesNoErrorAndNeverTheOldVersionAfterTheNew() throws Exception {
    try (RunnerProcess r = runner(Map.of(), List.of())) {
      awaitServed(r, "v0");
      List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
      AtomicBoolean polling = new AtomicBoolean(true);
      Thread client = new Thread(() -> {
        while (polling.get()) {
          answers.add(call(port, "/"));
        }
      }, "polling-client");
      client.start();
      try {
        for (int i = 1; i <= 10; i++) {
          String version = "v" + i;
          int before = answers.size();
          Poll.until(LONG, () -> answers.size() > before + 5, () -> "the client polling before the change");
          Files.writeString(appClass, version);
          Poll.until(LONG, () -> !answers.isEmpty() && answers.get(answers.size() - 1).body().equals(version),
              () -> version + " served; last answers: " + tail(answers));
          int seen = answers.size();
          Poll.until(LONG, () -> answers.size() > seen + 20, () -> "20 more answers after the reload");
        }
      } finally {
        polling.set(false);
        client.join();
      }
      List<Answer> bad = answers.stream().filter(a -> a.status() != 200).toList();
      assertTrue(bad.isEmpty(), bad.size() + " failed of " + answers.size() + ": " + bad.stream().limit(5).toList());
      int latest = 0;
      for (Answer a : answers) {
        int v = Integer.parseInt(a.body().substring(1));
        assertTrue(v >= latest, "v" + v + " after v" + latest);
        latest = v;
      }
      System.out.println("polling through 10 reloads: " + answers.size() + " requests, 0 errors");
    }
  }

  @Test
  void maxRequestsRecyclesWorkersWithoutLosingARequest() throws Exception {
    try (RunnerProcess r = runner(Map.of(), List.of("--workers", "2", "--max-requests", "50",
        "--max-requests-jitter", "10"))) {
      awaitServed(r, "v0");
      Map<String, AtomicInteger> perPid = new ConcurrentHashMap<>();
      List<Answer> failures = Collections.synchronizedList(new ArrayList<>());
      ExecutorService clients = Executors.newFixedThreadPool(4);
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        done.add(clients.submit(() -> {
          for (int i = 0; i < 100; i++) {
            Answer a = call(port, "/pid");
            if (a.status() == 200) {
              perPid.computeIfAbsent(a.body(), k -> new AtomicInteger()).incrementAndGet();
            } else {
              failures.add(a);
            }
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
      clients.shutdown();
      int total = perPid.values().stream().mapToInt(AtomicInteger::get).sum() - 1; // minus awaitServed's
      assertTrue(failures.isEmpty(), failures.toString());
      assertTrue(perPid.size() >= 7, "400 requests over workers limited to 50..60 need at least 7 pids: " + perPid);
      perPid.forEach((pid, n) -> assertTrue(n.get() <= 60, "pid " + pid + " served " + n + " > 60"));
      System.out.println("max-requests: " + (total + 1) + " requests over " + perPid.size() + " worker pids: "
          + perPid.values().stream().map(AtomicInteger::get).sorted().collect(Collectors.toList()));
      Poll.until(LONG, () -> workers(r) == 2, () -> "recycled workers' trees gone, 2 workers left: " + Census.of(r.testId));
      for (String pid : perPid.keySet()) {
        long p = Long.parseLong(pid);
        if (r.output().contains("(pid " + pid + " -> ")) {
          assertFalse(Census.alive(p), "recycled pid " + pid + " is gone");
        }
      }
      assertTrue(r.count("recycled after") >= 5, r.output());
    }
  }

  /**
   * Jitter, seen through the proxy: each worker serves exactly its own limit (N + random 0..J)
   * before it is recycled, so the counts of the recycled workers differ. Ignored jitter, or one
   * value shared by every worker, gives them all the same count. Eight recycled workers all
   * drawing the same of 31 values by chance: (1/31)^7.
   */
  @Test
  void eachWorkerDrawsItsOwnJitter_recycledWorkersServedDifferentCounts() throws Exception {
    try (RunnerProcess r = runner(Map.of(), List.of("--workers", "2", "--max-requests", "3",
        "--max-requests-jitter", "30"))) {
      r.await("\\(pids \\d+, \\d+\\) \\.\\.\\. ready in", LONG);
      Map<Long, Integer> perPid = new LinkedHashMap<>();
      List<Answer> failures = new ArrayList<>();
      Poll.until(Duration.ofSeconds(240), () -> {
        Answer a = call(port, "/pid");
        if (a.status() == 200) {
          perPid.merge(Long.parseLong(a.body()), 1, Integer::sum);
        } else {
          failures.add(a);
        }
        return recycled(perPid).size() >= 8;
      }, () -> "8 workers recycled; served per pid: " + perPid + "\n" + r.output());
      assertTrue(failures.isEmpty(), failures.toString());
      List<Integer> counts = recycled(perPid).values().stream().toList();
      counts.forEach(n -> assertTrue(n >= 3 && n <= 33, "a limit within 3 + 0..30: " + counts));
      assertTrue(counts.stream().distinct().count() > 1, "recycled workers served different counts: " + counts);
      System.out.println("jitter: requests served per recycled worker: " + counts);
    }
  }

  /** Served counts of the workers whose process is gone (recycled), in the order they first answered. */
  private static Map<Long, Integer> recycled(Map<Long, Integer> perPid) {
    Map<Long, Integer> gone = new LinkedHashMap<>();
    perPid.forEach((pid, n) -> {
      if (!Census.alive(pid)) {
        gone.put(pid, n);
      }
    });
    return gone;
  }

  @Test
  void requestsAreHeldWhileNoWorkerIsReadyAndGet503AfterTheHoldTimeout() throws Exception {
    List<String> args = List.of("-w", "classes", "--port", Integer.toString(port), "--hold-timeout", "1s",
        "--", "sleep", "600");
    try (RunnerProcess r = RunnerProcess.start(dir, Map.of(), args)) {
      r.await("watching", LONG);
      Poll.until(LONG, () -> Census.of(r.testId).stream().anyMatch(p -> p.cmdline().equals("sleep 600")),
          () -> "the never-ready child running");
      long t0 = System.nanoTime();
      Answer a = call(port, "/");
      long waited = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(503, a.status(), a.toString());
      assertTrue(a.body().contains("hold timeout"), a.body());
      assertTrue(waited >= 900, "held about the hold timeout before the 503, not refused at once: " + waited + " ms");
      assertTrue(r.alive(), "the runner keeps running");
    }
  }

  /**
   * No overlap: a sampler lists the workers' processes every few milliseconds through three
   * reloads, and no sample may hold processes of two generations. Standby JVMs are off here:
   * a standby of the next generation is alive beside the old one by design (it runs nothing of
   * the app until the old tree is joined), and would be indistinguishable in a process list.
   */
  @Test
  void threeWorkersKeepTheInvariants_noOverlapNoOrphansNothingAfterCtrlC() throws Exception {
    try (RunnerProcess r = runner(Map.of(), List.of("--workers", "3", "--no-standby"))) {
      awaitServed(r, "v0");
      Poll.until(LONG, () -> workers(r) == 3, () -> "3 workers");
      List<Set<Long>> generations = new ArrayList<>();
      generations.add(workerPids(r));
      List<Set<Long>> samples = Collections.synchronizedList(new ArrayList<>());
      AtomicBoolean sampling = new AtomicBoolean(true);
      Thread sampler = new Thread(() -> {
        while (sampling.get()) {
          samples.add(workerPids(r));
        }
      }, "worker-sampler");
      sampler.start();
      for (String w : List.of("[w0] file-server", "[w1] file-server", "[w2] file-server")) {
        r.await(Pattern.quote(w), LONG); // each worker's output, prefixed with its index
      }
      for (int i = 1; i <= 3; i++) {
        List<Long> previous = Census.running(r.testId).stream().filter(p -> p.cmdline().endsWith("FileServer classes/App.class")
            && !p.cmdline().contains("dev.runner.Main")).map(Census.Proc::pid).toList();
        Files.writeString(appClass, "v" + i);
        awaitServed(r, "v" + i);
        for (long pid : previous) {
          assertFalse(Census.alive(pid), "worker " + pid + " of the previous generation is gone");
        }
        Poll.until(LONG, () -> workers(r) == 3, () -> "3 workers again");
        generations.add(workerPids(r));
      }
      sampling.set(false);
      sampler.join();
      assertTrue(generations.stream().allMatch(g -> g.size() == 3), generations.toString());
      int mixed = 0;
      for (Set<Long> sample : samples) {
        long gens = generations.stream().filter(g -> g.stream().anyMatch(sample::contains)).count();
        if (gens > 1) {
          mixed++;
        }
      }
      assertEquals(0, mixed, "samples with workers of two generations alive at once, of " + samples.size()
          + "; generations " + generations);
      assertTrue(samples.size() > 30, "the sampler looked often enough: " + samples.size());
      r.signal("INT");
      assertEquals(130, r.awaitExit(LONG));
    }
  }

  @Test
  void sixtyConcurrentSlowRequestsToOneWorkerAreQueuedNotRefused() throws Exception {
    try (RunnerProcess r = runner(Map.of(), List.of())) {
      awaitServed(r, "v0");
      ExecutorService clients = Executors.newFixedThreadPool(60);
      List<Future<Answer>> answers = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        answers.add(clients.submit(() -> call(port, "/slow")));
      }
      List<Answer> bad = new ArrayList<>();
      for (Future<Answer> f : answers) {
        Answer a = f.get(120, TimeUnit.SECONDS);
        if (a.status() != 200) {
          bad.add(a);
        }
      }
      clients.shutdown();
      assertTrue(bad.isEmpty(), bad.size() + " of 60 not served: " + bad.stream().limit(3).toList());
    }
  }

  private static Set<Long> workerPids(RunnerProcess r) {
    return Census.running(r.testId).stream().filter(p -> p.cmdline().endsWith("FileServer classes/App.class")
        && !p.cmdline().contains("dev.runner.Main")).map(Census.Proc::pid)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String tail(List<Answer> answers) {
    synchronized (answers) {
      return answers.subList(Math.max(0, answers.size() - 5), answers.size()).toString();
    }
  }
}
