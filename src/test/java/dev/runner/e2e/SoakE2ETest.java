package dev.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reliability soak (issue 7): sample-app with its process pool, {@code --workers 2} behind the
 * proxy, reloaded as fast as the runner allows while a client keeps requesting, with chaos between
 * reloads at random moments: SIGKILL of a worker, of a pool process and of the build step, SIGSTOP
 * of a worker, and a pool process that double-forks out of its session. A sampler counts the test's
 * processes all along. Figures are printed at the end.
 *
 * <p>The default build (and CI) runs the short form, 40 reloads ({@code soak.short.reloads}; it was
 * 100, which took 4-6 of the suite's 17 minutes; the kinds of chaos take turns, so each comes up);
 * {@code mvn -B -Psoak test} runs only the long form, tagged {@code soak}: 1,000 reloads
 * ({@code soak.reloads}). {@code soak.seed} repeats a run.
 */
class SoakE2ETest {
  private static final long SEED = Long.getLong("soak.seed", System.nanoTime());
  private static final int WORKERS = 2;
  private static final Duration LONG = Duration.ofSeconds(60);
  private static final Pattern WORKER = Pattern.compile("(?m)^worker (\\d+): pid (\\d+), internal port \\d+, (ready|starting)");

  @TempDir Path dir;

  private final Random random = new Random(SEED);
  private final AtomicInteger maxProcs = new AtomicInteger();
  private final AtomicInteger maxWorkerTrees = new AtomicInteger();
  private final ConcurrentLinkedQueue<String> overlaps = new ConcurrentLinkedQueue<>();
  private final List<String> orphans = new ArrayList<>();
  private final Map<String, Integer> chaos = new TreeMap<>();
  private final AtomicLong sent = new AtomicLong();
  /** The last chaos action and when (nanoTime), so a failed request can be traced to its cause. */
  private volatile String lastChaos = "none";
  private volatile long lastChaosAt = System.nanoTime();
  private static final Set<String> CHAOS = Set.of(
      System.getProperty("soak.chaos", "kill-worker,kill-pool,stop-worker,escape,kill-build,kill-standby").split(","));
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

  @Test
  void reloadsUnderChaosLeaveNoOrphanNoOverlapAndFailNoRequest() throws Exception {
    soak(Integer.getInteger("soak.short.reloads", 40));
  }

  /** The long soak: about 25 minutes on 2 cores, so only on demand ({@code -Psoak}). */
  @Test
  @Tag("soak")
  void aThousandReloadsUnderChaosLeaveNoOrphanNoOverlapAndFailNoRequest() throws Exception {
    soak(Integer.getInteger("soak.reloads", 1000));
  }

  private void soak(int reloads) throws Exception {
    System.out.println("soak: " + reloads + " reloads, seed " + SEED);
    SampleAppCopy app = SampleAppCopy.build(dir);
    Path greetingClass = app.dir.resolve("target/classes/dev/runner/sample/Greeting.class");
    int port = Net.freePort();
    String build = "javac -nowarn -d target/classes -cp '" + app.classpath + "' $(find src/main/java -name '*.java')";
    List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port), "--workers", Integer.toString(WORKERS),
        "--timeout-notify", "2s", "--grace", "3s",
        "--watch", "src/main/java", "--watch", "target/classes", "--build", build, "--"));
    args.addAll(app.childCommand());

    // a cache of its own: CDS and standby JVMs run whatever the user's (or CI's) home allows
    Map<String, String> env = Map.of("SAMPLE_CHAOS", "1", "XDG_CACHE_HOME", dir.resolve("cache").toString());
    try (RunnerProcess r = RunnerProcess.start(app.dir, env, args)) {
      AtomicBoolean running = new AtomicBoolean(true);
      List<Thread> threads = new ArrayList<>();
      threads.add(daemon("soak-sampler", () -> sample(r.testId, running)));
      Map<Long, String> current = awaitGeneration(port, Set.of(), r);
      threads.add(daemon("soak-client-1", () -> client(port, running)));
      threads.add(daemon("soak-client-2", () -> client(port, running)));
      // start figures once the clients' connections are open; the end figures are taken with them open too
      Poll.until(LONG, () -> sent.get() > 20, () -> "the clients under way");
      long rssStart = statusKb(r.pid(), "VmRSS");
      Map<String, Integer> fdStart = fds(r.pid());

      List<Long> classMs = new ArrayList<>();
      List<Long> sourceMs = new ArrayList<>();
      List<Long> escapees = new ArrayList<>();
      int edits = 0;
      long rssEnd;
      Map<String, Integer> fdEnd;
      Map<String, Integer> fdMid = fdStart;
      try {
        for (int i = 1; i <= reloads; i++) {
          if (i == reloads / 2 + 1) {
            fdMid = fds(r.pid()); // after the first half: what a warm-up opens once is open by now
          }
          long t0 = System.nanoTime();
          boolean source = i % 10 == 0;
          if (source) {
            edits++;
            app.setGreeting("soak " + i);
            if (edits % 3 == 1 && CHAOS.contains("kill-build")) {
              killBuild(r);
              app.setGreeting("soak " + i); // same text, new file time: the next build must run
            }
          } else {
            rewrite(greetingClass, app.dir.resolve("target"));
          }
          current = awaitGeneration(port, current.keySet(), r);
          (source ? sourceMs : classMs).add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
          if (source) {
            String text = "soak " + i;
            Poll.until(LONG, () -> Net.get(port, "/").map(b -> b.strip().equals(text)).orElse(false),
                () -> "the new text '" + text + "' served");
          }
          checkNoStrays(r.testId, current, i);
          for (long e : escapees) {
            if (Census.alive(e)) {
              orphans.add("escapee " + e + " alive after its generation was replaced (reload " + i + ")");
            }
          }
          escapees.clear();
          if (random.nextInt(2) == 0) {
            // a random moment within the life of this generation
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(random.nextInt(200)));
            chaosOnce(port, current, r.testId, escapees);
          }
        }
        // one more reload, so that a worker the last chaos killed is back before the end figures
        rewrite(greetingClass, app.dir.resolve("target"));
        current = awaitGeneration(port, current.keySet(), r);
        checkNoStrays(r.testId, current, reloads + 1);
      } finally {
        rssEnd = statusKb(r.pid(), "VmRSS");
        fdEnd = fds(r.pid());
        running.set(false);
      }
      for (Thread t : threads) {
        t.join(10_000);
      }

      r.signal("INT");
      assertEquals(130, r.awaitExit(LONG), "runner exit status after Ctrl-C");
      Poll.until(Duration.ofSeconds(10), () -> Census.of(r.testId).isEmpty(),
          () -> "nothing left after the runner exited, found " + Census.of(r.testId));

      report(classMs, sourceMs, rssStart, rssEnd, fdStart + " -> " + fdMid + " -> " + fdEnd);
      assertTrue(overlaps.isEmpty(), "overlapping generations: " + overlaps);
      assertTrue(orphans.isEmpty(), "orphans: " + orphans);
      assertTrue(failures.isEmpty(), failures.size() + " failed requests: "
          + failures.stream().limit(10).toList() + "\nrunner errors:\n"
          + r.output().lines().filter(l -> l.contains("ERROR") || l.contains("Exception") || l.contains("no heartbeat")
              || l.contains("still running")).limit(60).collect(Collectors.joining("\n")));
      assertTrue(rssEnd - rssStart < 20 * 1024, "runner RSS grew by " + (rssEnd - rssStart) / 1024 + " MB");
      // sockets come and go with the clients' and the proxy's keep-alive connections of the moment;
      // files, pipes and the like do not: their growth is the leak this looks for
      // a leak grows with the reloads, so it shows in the second half as much as in the first; what is
      // opened once and kept (CI saw +10 files early in some runs, never again later) does not
      int otherGrowth = fdEnd.getOrDefault("other", 0) - fdMid.getOrDefault("other", 0);
      int socketGrowth = fdEnd.getOrDefault("socket", 0) - fdStart.getOrDefault("socket", 0);
      assertTrue(otherGrowth <= 8, "runner descriptors other than sockets over the second half of the reloads: "
          + fdStart + " -> " + fdMid + " -> " + fdEnd);
      assertTrue(socketGrowth <= 32, "runner sockets " + fdStart + " -> " + fdEnd);
    }
  }

  /**
   * A class file written anew, all at once (written beside the tree, then renamed over it), as the
   * runner's own --javac does. Written in place, a worker that loads the class lazily at that
   * moment (sample-app's Greeting is loaded by its first GET /) reads it half-written and answers
   * 500 until it is replaced: a race of the writer, not of the runner, which the first 1,000-reload
   * run hit 19 times out of 70,684 requests.
   */
  private static void rewrite(Path classFile, Path scratchDir) throws IOException {
    Path tmp = Files.createTempFile(scratchDir, "soak", ".tmp");
    Files.write(tmp, Files.readAllBytes(classFile));
    Files.move(tmp, classFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Waits until every worker slot runs a ready child none of whose pids is in {@code old}. */
  private Map<Long, String> awaitGeneration(int port, Set<Long> old, RunnerProcess r) {
    AtomicReference<Map<Long, String>> found = new AtomicReference<>();
    Poll.until(LONG, () -> {
      Map<Long, String> w = workers(port);
      if (w.size() == WORKERS && Collections.disjoint(w.keySet(), old) && !w.containsValue("starting")) {
        found.set(w);
        return true;
      }
      return false;
    }, () -> "a new ready generation (old pids " + old + "); status:\n" + Net.get(port, "/_runner/status.txt").orElse("-")
        + "\nrunner output (tail):\n" + tail(r.output()));
    return found.get();
  }

  /** pid -> ready|starting for the worker lines of /_runner/status. */
  private static Map<Long, String> workers(int port) {
    Map<Long, String> w = new HashMap<>();
    Net.get(port, "/_runner/status.txt").ifPresent(s -> {
      Matcher m = WORKER.matcher(s);
      while (m.find()) {
        w.put(Long.parseLong(m.group(2)), m.group(3));
      }
    });
    return w;
  }

  /** Right after a generation is ready, no process of any other worker tree may be alive. */
  private void checkNoStrays(String testId, Map<Long, String> current, int reload) {
    Set<String> live = new HashSet<>();
    for (long pid : current.keySet()) {
      String tree = tree(pid);
      if (tree != null) {
        live.add(tree);
      }
    }
    for (Map.Entry<Long, String> p : trees(testId).entrySet()) {
      if (isWorkerTree(p.getValue()) && !live.contains(p.getValue())) {
        orphans.add("pid " + p.getKey() + " of tree " + p.getValue() + " alive after reload " + reload
            + " (live trees " + live + ")");
      }
    }
  }

  private String afterChaos() {
    return " (" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastChaosAt) + " ms after " + lastChaos + ")";
  }

  private void chaos(String what) {
    chaos.merge(what, 1, Integer::sum);
    lastChaos = what;
    lastChaosAt = System.nanoTime();
  }

  private int chaosCount;

  private void chaosOnce(int port, Map<Long, String> current, String testId, List<Long> escapees) {
    List<Long> workers = new ArrayList<>(current.keySet());
    long worker = workers.get(random.nextInt(workers.size()));
    int kind = chaosCount++ % 5; // in turn, so each kind comes up in a short run too; the moment stays random
    if (!CHAOS.contains(List.of("kill-worker", "kill-pool", "stop-worker", "escape", "kill-standby").get(kind))) {
      return;
    }
    switch (kind) {
      case 0 -> {
        kill("KILL", worker);
        chaos("SIGKILL worker");
      }
      case 1 -> {
        String tree = tree(worker);
        List<Long> pool = new ArrayList<>();
        for (Census.Proc p : Census.of(testId)) {
          if (p.cmdline().contains("dev.runner.sample.PoolWorker") && tree != null && tree.equals(p.tree())) {
            pool.add(p.pid());
          }
        }
        if (!pool.isEmpty()) {
          kill("KILL", pool.get(random.nextInt(pool.size())));
          chaos("SIGKILL pool process");
        }
      }
      case 2 -> {
        kill("STOP", worker);
        chaos("SIGSTOP worker");
      }
      case 4 -> {
        long waiting = waitingStandby(testId, Duration.ofSeconds(3)); // one starts half a second after a reload
        if (waiting > 0) {
          kill("KILL", waiting);
          chaos("SIGKILL standby");
        }
      }
      default -> Net.get(port, "/escape").ifPresent(body -> {
        escapees.add(Long.parseLong(body.strip()));
        chaos("setsid double-fork escape");
      });
    }
  }

  /** A standby JVM waiting for "go", as soon as there is one within {@code deadline}; -1 if none. */
  private long waitingStandby(String testId, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    do {
      List<Census.Proc> all = Census.of(testId);
      List<Long> waiting = all.stream().filter(p -> Census.waitingStandby(p, all)).map(Census.Proc::pid).toList();
      if (!waiting.isEmpty()) {
        return waiting.get(random.nextInt(waiting.size()));
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    } while (System.nanoTime() - end < 0);
    return -1;
  }

  /** SIGKILLs the build step (its shell) as soon as it shows up; the build then fails and is redone. */
  private void killBuild(RunnerProcess r) {
    long[] pid = {-1};
    Poll.until(LONG, () -> {
      for (Census.Proc p : Census.of(r.testId)) {
        if (p.cmdline().startsWith("sh -c javac")) {
          pid[0] = p.pid();
          return true;
        }
      }
      return false;
    }, () -> "the build step running");
    int failedBefore = r.count("build failed \\(exit 137");
    kill("KILL", pid[0]);
    chaos("SIGKILL build step");
    Poll.until(LONG, () -> r.count("build failed \\(exit 137") > failedBefore, () -> "the killed build reported");
  }

  private void client(int port, AtomicBoolean running) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
        .timeout(Duration.ofSeconds(60)).build();
    while (running.get()) {
      sent.incrementAndGet();
      try {
        HttpResponse<String> res = http.send(get, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
          failures.add(res.statusCode() + " " + res.body().strip() + afterChaos());
        }
      } catch (IOException e) {
        failures.add(e + afterChaos());
      } catch (InterruptedException e) {
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // a steady client, not a load test
    }
  }

  /** Every 100 ms: how many processes the test has, and how many worker trees are alive at once. */
  private void sample(String testId, AtomicBoolean running) {
    while (running.get()) {
      maxProcs.accumulateAndGet(Census.of(testId).size(), Math::max);
      Set<String> workerTrees = liveWorkerTrees(testId);
      if (workerTrees.size() > WORKERS) {
        // a /proc scan reads one process after another, so a standby let go while the scan ran can
        // look like a third tree beside the one it replaced (seen once in CI). Two generations
        // that really overlap are still both there on a second scan; a shorter overlap than one
        // scan is not caught here (ProxyE2ETest and the reload tests join each generation)
        Set<String> again = liveWorkerTrees(testId);
        if (again.size() > WORKERS) {
          overlaps.add(workerTrees + " then " + again + " among " + Census.running(testId));
        }
        workerTrees = again;
      }
      maxWorkerTrees.accumulateAndGet(workerTrees.size(), Math::max);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
  }

  /**
   * The worker trees of one scan that still have a live process once the scan is over (a
   * generation joined mid-scan, its successor let go, is not an overlap).
   */
  private static Set<String> liveWorkerTrees(String testId) {
    Set<String> workerTrees = new HashSet<>();
    for (Map.Entry<Long, String> e : trees(testId).entrySet()) {
      if (isWorkerTree(e.getValue()) && !workerTrees.contains(e.getValue()) && Census.alive(e.getKey())) {
        workerTrees.add(e.getValue());
      }
    }
    return workerTrees;
  }

  private static boolean isWorkerTree(String tree) {
    return tree != null && tree.matches(".*\\.w\\d+");
  }

  /**
   * pid -> RUNNER_TREE (or "" when it has none: the runner, the guardian) of the test's live
   * processes, without standby JVMs still waiting for "go" (they run nothing of the app).
   */
  private static Map<Long, String> trees(String testId) {
    Map<Long, String> out = new HashMap<>();
    for (Census.Proc p : Census.running(testId)) {
      out.put(p.pid(), p.tree());
    }
    return out;
  }

  private static String tree(long pid) {
    return Census.treeOf(pid);
  }

  /** Chaos signals a pid that may have gone meanwhile: not an error. */
  private static void kill(String signal, long pid) {
    try {
      new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long statusKb(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return -1;
  }

  /** The process's open descriptors: {@code socket} (TCP and Unix sockets) and {@code other}. */
  private static Map<String, Integer> fds(long pid) throws IOException {
    Map<String, Integer> kinds = new TreeMap<>();
    try (DirectoryStream<Path> fd = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path d : fd) {
        String target;
        try {
          target = Files.readSymbolicLink(d).toString();
        } catch (IOException gone) {
          continue; // closed while listed
        }
        kinds.merge(target.startsWith("socket:") ? "socket" : "other", 1, Integer::sum);
      }
    }
    return kinds;
  }

  private void report(List<Long> classMs, List<Long> sourceMs, long rssStart, long rssEnd, String fds) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"reloads done", Integer.toString(classMs.size() + sourceMs.size())});
    rows.add(new String[] {"  of which class-file changes", Integer.toString(classMs.size())});
    rows.add(new String[] {"  of which source edits (built)", Integer.toString(sourceMs.size())});
    rows.add(new String[] {"reload time p50 / p99 (class)", pct(classMs, 50) + " / " + pct(classMs, 99) + " ms"});
    rows.add(new String[] {"reload time p50 / p99 (source)", pct(sourceMs, 50) + " / " + pct(sourceMs, 99) + " ms"});
    rows.add(new String[] {"requests sent / failed", sent.get() + " / " + failures.size()});
    rows.add(new String[] {"max processes alive at once", Integer.toString(maxProcs.get())});
    rows.add(new String[] {"max worker trees alive at once", maxWorkerTrees.get() + " (workers: " + WORKERS + ")"});
    rows.add(new String[] {"overlapping generations seen", Integer.toString(overlaps.size())});
    rows.add(new String[] {"orphans seen", Integer.toString(orphans.size())});
    rows.add(new String[] {"runner RSS start -> end", rssStart / 1024 + " -> " + rssEnd / 1024 + " MB"});
    rows.add(new String[] {"runner open descriptors start -> half -> end", fds});
    chaos.forEach((k, v) -> rows.add(new String[] {"chaos: " + k, Integer.toString(v)}));
    StringBuilder b = new StringBuilder("\n| soak (seed " + SEED + ") | |\n|---|---|\n");
    for (String[] row : rows) {
      b.append("| ").append(row[0]).append(" | ").append(row[1]).append(" |\n");
    }
    System.out.println(b);
  }

  private static long pct(List<Long> values, int p) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static String tail(String s) {
    return s.length() <= 4000 ? s : s.substring(s.length() - 4000);
  }
}
