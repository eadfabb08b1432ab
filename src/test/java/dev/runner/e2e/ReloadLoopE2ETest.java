package dev.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reload loop with real JVMs, real files, real HTTP on 127.0.0.1 and real process counts,
 * using the small {@code FileServer} fixture as the child (it serves what its file held when it
 * started, so each answer tells which generation served it).
 */
class ReloadLoopE2ETest {
  private static final Duration LONG = Duration.ofSeconds(30);
  /**
   * One restart begun, ready or not: the line -v prints when the new child is spawned (the reload
   * line proper, with "... ready in", comes only once it is ready, and a restart that a later one
   * overtakes never gets it).
   */
  private static final String RESTARTED = "; restarting \\(pid \\d+ -> \\d+\\)\\R";

  @TempDir Path dir;
  private Path classes;
  private Path appClass;
  private int port;

  @BeforeEach
  void layout() throws IOException {
    classes = Files.createDirectories(dir.resolve("classes"));
    appClass = classes.resolve("App.class");
    Files.writeString(appClass, "v0");
    port = Net.freePort();
  }

  private RunnerProcess runner(List<String> options, String... fixtureArgs) throws IOException {
    List<String> args = new ArrayList<>(options);
    args.addAll(List.of("--port", Integer.toString(port), "--"));
    args.addAll(RunnerProcess.fixture("FileServer", fixtureArgs));
    return RunnerProcess.start(dir, Map.of("PORT", Integer.toString(port)), args);
  }

  private void awaitServed(RunnerProcess r, String content) {
    Poll.until(LONG, () -> Net.get(port, "/").equals(Optional.of(content)),
        () -> "GET / answering '" + content + "'; runner said:\n" + r.output());
  }

  private long servingPid() {
    return Long.parseLong(Net.get(port, "/pid").orElseThrow());
  }

  @Test
  void aChangedClassFileRestartsTheChildWithOneLineNamingFilePidsAndTime() throws Exception {
    try (RunnerProcess r = runner(List.of("-w", "classes"), "classes/App.class")) {
      awaitServed(r, "v0");
      long first = servingPid();
      Files.writeString(appClass, "v1");
      awaitServed(r, "v1");
      r.await("changed classes/App.class; restarting \\(pid " + first + " -> \\d+\\) \\.\\.\\. ready in \\d+ ms", LONG);
      assertFalse(Census.alive(first), "the first generation is gone");
    }
  }

  /**
   * Waits until the runner has seen a change of every one of {@code names} (the -v "change:"
   * lines), holds no batch back ({@code /_runner/status}: "changes waiting: no"), builds nothing
   * and every worker is ready: from then on no restart for these changes can still come.
   */
  private void awaitSettled(RunnerProcess r, List<String> names) {
    Poll.until(LONG, () -> names.stream().allMatch(n -> r.count("change: classes/" + Pattern.quote(n) + "\\R") > 0)
        && Net.get(port, "/_runner/status.txt").map(st -> st.contains("changes waiting: no")
            && st.contains("building: no") && st.contains(", ready") && !st.contains(", starting")).orElse(false),
        () -> "the runner settled after the changes; /_runner/status: "
            + Net.get(port, "/_runner/status.txt").orElse("(no answer)") + "; it said:\n" + r.output());
  }

  @Test
  void twoHundredClassFileWritesWithinASecondGiveAtMostTwoRestarts() throws Exception {
    try (RunnerProcess r = runner(List.of("-v", "-w", "classes"), "classes/App.class")) {
      awaitServed(r, "v0");
      List<String> names = new ArrayList<>();
      for (int i = 0; i < 199; i++) {
        Files.writeString(classes.resolve("C" + i + ".class"), "x" + i);
        names.add("C" + i + ".class");
        LockSupport.parkNanos(4_000_000); // pace the burst over about a second, as a compiler does
      }
      Files.writeString(appClass, "final");
      names.add("App.class");
      awaitServed(r, "final");
      awaitSettled(r, names);
      int restarts = r.count(RESTARTED);
      assertTrue(restarts >= 1 && restarts <= 2, "restarts: " + restarts + "\n" + r.output());
      assertEquals(Optional.of("final"), Net.get(port, "/"));
    }
  }

  /**
   * The debouncer end to end. New files (newer than the running child, so none is skipped as
   * already loaded) written over about two seconds, each well within the quiet period of the one
   * before, give exactly one restart. Without the debouncer the first file would restart the
   * child at once and the files written after its start would restart it again.
   */
  @Test
  void newFilesWrittenWithinTheQuietPeriodOfEachOtherGiveOneRestart() throws Exception {
    try (RunnerProcess r = runner(List.of("-v", "-w", "classes", "--debounce", "3s", "--debounce-max", "60s"),
        "classes/App.class")) {
      awaitServed(r, "v0");
      List<String> names = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String name = "N" + i + ".class";
        Files.writeString(classes.resolve(name), "n" + i);
        names.add(name);
        if (i > 0) { // the first two back to back: a batch of one file has only a 20 ms quiet period
          LockSupport.parkNanos(50_000_000); // pacing the writes, 2 s in all (longer than a restart)
        }
      }
      awaitSettled(r, names);
      assertEquals(1, r.count(RESTARTED), r.output());
    }
  }

  @Test
  void aChildThatIgnoresSigtermIsKilledAfterGraceAndTheReloadCompletes() throws Exception {
    try (RunnerProcess r = runner(List.of("-w", "classes", "--grace", "1s"), "--ignore-term", "classes/App.class")) {
      awaitServed(r, "v0");
      long stubborn = servingPid();
      Files.writeString(appClass, "v1");
      awaitServed(r, "v1");
      assertFalse(Census.alive(stubborn));
      assertTrue(r.output().contains("ignoring SIGTERM"), r.output());
      assertTrue(r.output().contains("did not stop within --grace 1s; killed"), r.output());
    }
  }

  @Test
  void aGrandchildReparentedToInitIsKilledOnReloadAndOnCtrlC() throws Exception {
    Path pids = dir.resolve("orphans.txt");
    try (RunnerProcess r = runner(List.of("-w", "classes"), "--orphan", pids.toString(), "classes/App.class")) {
      awaitServed(r, "v0");
      long server = servingPid();
      long orphan = Long.parseLong(Files.readAllLines(pids).get(0).trim());
      assertTrue(Census.alive(orphan));
      long parent = ProcessHandle.of(orphan).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L);
      assertTrue(parent != server, "the grandchild was re-parented away from the server");

      Files.writeString(appClass, "v1");
      awaitServed(r, "v1");
      Poll.until(LONG, () -> !Census.alive(orphan), () -> "re-parented grandchild " + orphan + " killed on reload");

      Poll.until(LONG, () -> readLines(pids).size() == 2, () -> "second generation's grandchild");
      long second = Long.parseLong(readLines(pids).get(1).trim());
      assertTrue(Census.alive(second));
      r.signal("INT");
      assertEquals(130, r.awaitExit(LONG));
      assertFalse(Census.alive(second), "grandchild of the last generation gone after Ctrl-C");
    }
  }

  @Test
  void aDoubleForkedSetsidEscapeeIsFoundByItsMarkOnReloadAndAfterKillDashNine() throws Exception {
    Path pids = dir.resolve("escaped.txt");
    try (RunnerProcess r = runner(List.of("-w", "classes"), "--escape", pids.toString(), "classes/App.class")) {
      awaitServed(r, "v0");
      Poll.until(LONG, () -> readLines(pids).size() == 1, () -> "first generation's escapee");
      long escaped = Long.parseLong(readLines(pids).get(0).trim());
      long server = servingPid();
      assertTrue(Census.alive(escaped));
      assertNotEquals(sessionOf(server), sessionOf(escaped), "the escapee left the server's session");

      Files.writeString(appClass, "v1");
      awaitServed(r, "v1");
      Poll.until(LONG, () -> !Census.alive(escaped), () -> "escapee " + escaped + " stopped with its generation");

      Poll.until(LONG, () -> readLines(pids).size() == 2, () -> "second generation's escapee");
      long second = Long.parseLong(readLines(pids).get(1).trim());
      r.signal("KILL");
      Poll.until(LONG, () -> Census.of(r.testId).isEmpty(),
          () -> "nothing left after kill -9 of the runner (escapee " + second + "), found "
              + Census.of(r.testId));
    }
  }

  private static long sessionOf(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]); // state ppid pgrp session
  }

  @Test
  void aChildThatSaysExitingIsEndedAtOnceInsteadOfWaitingOutItsExit() throws Exception {
    // the fixture's hook says EXITING=1, then lingers 120 s; the grace period is longer than the
    // poll deadline, so only an early end lets the reload finish in time
    try (RunnerProcess r = runner(List.of("-w", "classes", "--grace", "60s", "-v"), "--exiting", "120",
        "classes/App.class")) {
      awaitServed(r, "v0");
      long first = servingPid();
      Files.writeString(appClass, "v1");
      awaitServed(r, "v1");
      assertFalse(Census.alive(first));
      assertTrue(r.output().contains("pid " + first + ": ended 1 process(es) at once after their shutdown hooks"),
          r.output());
    }
  }

  @Test
  void killDashNineOfTheRunnerLeavesNothingBehind() throws Exception {
    Path pids = dir.resolve("orphans.txt");
    Path kids = dir.resolve("kids.txt");
    try (RunnerProcess r = runner(List.of("-w", "classes"), "--orphan", pids.toString(), "--child", kids.toString(),
        "classes/App.class")) {
      awaitServed(r, "v0");
      assertTrue(Census.of(r.testId).size() >= 4, "runner, guardian, server, child, orphan: " + Census.of(r.testId));
      r.signal("KILL");
      Poll.until(LONG, () -> Census.of(r.testId).isEmpty(),
          () -> "nothing left after kill -9 of the runner, found " + Census.of(r.testId));
    }
  }

  @Test
  void aDeletedAndRecreatedClassDirectoryKeepsReloading() throws Exception {
    try (RunnerProcess r = runner(List.of("-w", "classes"), "classes/App.class")) {
      awaitServed(r, "v0");
      deleteTree(classes);
      Files.createDirectories(classes);
      Files.writeString(appClass, "v1");
      awaitServed(r, "v1");
      Files.writeString(appClass, "v2");
      awaitServed(r, "v2");
    }
  }

  @Test
  void sighupRestartsByHand() throws Exception {
    try (RunnerProcess r = runner(List.of("-w", "classes"), "classes/App.class")) {
      awaitServed(r, "v0");
      long first = servingPid();
      r.signal("HUP");
      Poll.until(LONG, () -> Net.get(port, "/pid").map(p -> !p.equals(Long.toString(first))).orElse(false),
          () -> "a new pid after SIGHUP");
      assertTrue(r.output().contains("restart requested (SIGHUP); restarting (pid " + first), r.output());
    }
  }

  @Test
  void withoutReloadTheRunnerExitsWithTheChildsStatus() throws Exception {
    List<String> args = new ArrayList<>(List.of("--no-reload", "--"));
    args.addAll(RunnerProcess.fixture("ExitWith", "7"));
    try (RunnerProcess r = RunnerProcess.start(dir, Map.of(), args)) {
      assertEquals(7, r.awaitExit(LONG), r.output());
    }
  }

  @Test
  void aCrashingChildWaitsForTheNextChangeInsteadOfRestartingInALoop() throws Exception {
    List<String> args = new ArrayList<>(List.of("-w", "classes", "--"));
    args.addAll(RunnerProcess.fixture("ExitWith", "3"));
    try (RunnerProcess r = RunnerProcess.start(dir, Map.of(), args)) {
      r.await("exited with status 3.*waiting for a change", LONG);
      Files.writeString(appClass, "v1");
      Poll.until(LONG, () -> r.count("waiting for a change") == 2, () -> "one more run after one change:\n" + r.output());
      assertEquals(2, r.count("exiting with 3"), r.output());
      assertTrue(r.alive());
    }
  }

  @Test
  void sigtermStopsTheTreeAndExitsWith143() throws Exception {
    try (RunnerProcess r = runner(List.of("-w", "classes"), "classes/App.class")) {
      awaitServed(r, "v0");
      long server = servingPid();
      r.signal("TERM");
      assertEquals(143, r.awaitExit(LONG));
      assertFalse(Census.alive(server));
    }
  }

  @Test
  void aBuildCommandRunsOnSourceChanges_aFailureKeepsTheChildAndShowsItsOutput() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    Files.writeString(src.resolve("App.txt"), "v0");
    String build = "if grep -q broken src/App.txt; then echo 'src/App.txt:1: error: broken'; exit 1; fi;"
        + " cp src/App.txt classes/App.class";
    try (RunnerProcess r = runner(List.of("-w", "src", "-w", "classes", "--source", "*.txt", "--build", build),
        "classes/App.class")) {
      awaitServed(r, "v0");
      Files.writeString(src.resolve("App.txt"), "v1");
      awaitServed(r, "v1");
      long pid = servingPid();
      Files.writeString(src.resolve("App.txt"), "broken");
      r.await("build failed \\(exit 1", LONG);
      r.await("src/App.txt:1: error: broken", LONG);
      r.await("pid " + pid + " keeps running the previous version", LONG);
      assertEquals(Optional.of("v1"), Net.get(port, "/"));
      Files.writeString(src.resolve("App.txt"), "v2");
      awaitServed(r, "v2");
    }
  }

  @Test
  void quietKeepsOnlyTheReloadLinesAndErrors() throws Exception {
    try (RunnerProcess r = runner(List.of("-q", "-w", "classes"), "classes/App.class")) {
      awaitServed(r, "v0");
      Files.writeString(appClass, "v1");
      awaitServed(r, "v1");
      r.await("restarting \\(pid \\d+ -> \\d+\\) \\.\\.\\. ready in", LONG);
      List<String> runnerLines = r.output().lines().filter(l -> l.startsWith("[runner]")).toList();
      assertTrue(runnerLines.stream().allMatch(l -> l.contains("ready in") || l.contains("error:")), runnerLines.toString());
    }
  }

  @Test
  void onATerminalRunnerLinesAreColouredUnlessNoColorIsSetAndNotEmpty() throws Exception {
    for (String noColorValue : new String[] {null, "", "1"}) {
      boolean noColor = noColorValue != null && !noColorValue.isEmpty();
      List<String> runnerArgv = new ArrayList<>(List.of(RunnerProcess.JAVA, "-cp", System.getProperty("java.class.path"),
          "dev.runner.Main", "-v", "--no-reload", "--"));
      runnerArgv.addAll(RunnerProcess.fixture("ExitWith", "0"));
      String inner = runnerArgv.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").reduce((a, b) -> a + " " + b)
          .orElseThrow();
      // script(1) gives the runner a pseudo-terminal, as a developer's shell would
      String env = "TERM=xterm; export TERM; " + (noColorValue == null ? "unset NO_COLOR; "
          : "NO_COLOR='" + noColorValue + "'; export NO_COLOR; ");
      try (RunnerProcess r = RunnerProcess.startRaw(dir, Map.of(),
          List.of("script", "-qefc", env + "exec " + inner, "/dev/null"))) {
        r.awaitExit(LONG);
        boolean coloured = r.output().contains("\u001b[33m[runner]");
        assertEquals(!noColor, coloured, "NO_COLOR=" + noColorValue + ":\n" + r.output());
      }
    }
  }

  @Test
  void theChildGetsTheRunnersEnvironmentPlusOnlyTheDocumentedVariables() throws Exception {
    try (RunnerProcess r = runner(List.of("-w", "classes"), "classes/App.class")) {
      awaitServed(r, "v0");
      Map<String, String> runnerEnv = environ(r.pid());
      Map<String, String> childEnv = environ(servingPid());
      Set<String> added = new TreeSet<>(childEnv.keySet());
      added.removeAll(runnerEnv.keySet());
      assertTrue(Set.of("PORT", "RUNNER_WORKER", "RUNNER_URL", "RUNNER_NOTIFY_SOCKET", "RUNNER_WATCHDOG_USEC",
          "RUNNER_TREE", "SERVER_PORT", "QUARKUS_HTTP_PORT", "MICRONAUT_SERVER_PORT").containsAll(added),
          "only documented variables added: " + added);
      runnerEnv.forEach((k, v) -> {
        if (!k.equals("PORT")) {
          assertEquals(v, childEnv.get(k), "passed on unchanged: " + k);
        }
      });
    }
  }

  private static Map<String, String> environ(long pid) throws IOException {
    Map<String, String> env = new HashMap<>();
    for (String kv : Files.readString(Path.of("/proc", Long.toString(pid), "environ")).split("\0")) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        env.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    return env;
  }

  private static List<String> readLines(Path p) {
    try {
      return Files.exists(p) ? Files.readAllLines(p) : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
