package dev.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standby JVM: started ahead once a worker is ready, it runs nothing of the app until the old
 * tree is joined, then serves the new version; a stale one is not used, and none outlives the
 * runner.
 */
class StandbyE2ETest {
  private static final Duration LONG = Duration.ofSeconds(60);
  private static final String STANDBY = "worker 0: standby JVM pid (\\d+) started ahead";

  @TempDir Path dir;

  /** A FileServer child on a free port with a jar on its class path; {@code started} lists the JVMs that ran main. */
  private RunnerProcess runner(int port, Path started, String... options) throws Exception {
    return runner(port, started, List.of(), options);
  }

  private RunnerProcess runner(int port, Path started, List<String> jvmOptions, String... options) throws Exception {
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Files.writeString(classes.resolve("App.class"), "v0");
    Path jar = dir.resolve("lib.jar");
    Files.copy(Path.of(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> e.contains("picocli") && e.endsWith(".jar")).findFirst().orElseThrow()), jar);
    // --no-cds: CDS's first, recording run gets no standby; the benchmark and the soak run both together
    List<String> args = new ArrayList<>(List.of("-v", "--no-cds", "-w", "classes", "--port", Integer.toString(port)));
    args.addAll(List.of(options));
    args.addAll(List.of("--", RunnerProcess.JAVA));
    args.addAll(jvmOptions);
    // "late": a class directory that is not there yet (one test makes it)
    args.addAll(List.of("-cp", String.join(File.pathSeparator, Path.of("target/test-classes").toAbsolutePath().toString(),
        jar.toString(), "late"),
        "dev.runner.fixtures.FileServer", "--started", started.toString(), "classes/App.class"));
    return RunnerProcess.start(dir, Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString()), args);
  }

  /** Waits until the standby named in the output waits for "go", and returns its pid. */
  private static long awaitWaitingStandby(RunnerProcess r, int nth) {
    Poll.until(LONG, () -> r.count(STANDBY) >= nth, () -> "standby number " + nth + " started:\n" + r.output());
    Matcher m = Pattern.compile(STANDBY).matcher(r.output());
    for (int i = 0; i < nth; i++) {
      assertTrue(m.find());
    }
    long pid = Long.parseLong(m.group(1));
    Poll.until(LONG, () -> {
      List<Census.Proc> all = Census.of(r.testId);
      return all.stream().anyMatch(p -> p.pid() == pid && Census.waitingStandby(p, all));
    }, () -> "standby " + pid + " waiting, in " + Census.of(r.testId));
    return pid;
  }

  private static void awaitServed(int port, String text, RunnerProcess r) {
    Poll.until(LONG, () -> Net.get(port, "/").equals(Optional.of(text)), () -> text + " served:\n" + r.output());
  }

  @Test
  void theNextGenerationIsTheStandbyWhichRanNothingOfTheAppBeforeTheOldTreeWasJoined() throws Exception {
    int port = Net.freePort();
    Path started = dir.resolve("started.txt");
    try (RunnerProcess r = runner(port, started)) {
      awaitServed(port, "v0", r);
      long first = Long.parseLong(Net.get(port, "/pid").orElseThrow());
      long standby = awaitWaitingStandby(r, 1);
      assertTrue(Census.alive(standby));
      String status = Net.get(port, "/_runner/status.txt").orElseThrow();
      assertTrue(status.contains("next: standby JVM pid " + standby + " waiting"), status);
      assertEquals(List.of(Long.toString(first)), Files.readAllLines(started),
          "only the first child has run main; the waiting standby has not");
      assertEquals(1, Census.running(r.testId).stream().filter(p -> p.cmdline().endsWith("classes/App.class")
          && !p.cmdline().contains("dev.runner.Main")).count(), "one JVM runs the app: " + Census.of(r.testId));

      Files.writeString(dir.resolve("classes/App.class"), "v1");
      awaitServed(port, "v1", r);
      assertEquals(Optional.of(Long.toString(standby)), Net.get(port, "/pid"), "the standby serves v1");
      assertFalse(Census.alive(first), "the old generation is gone");
      assertEquals(List.of(Long.toString(first), Long.toString(standby)), Files.readAllLines(started),
          "the standby ran main once, after the change");
      r.await("standby JVM pid " + standby + " runs the app", LONG);

      long next = awaitWaitingStandby(r, 2); // and the cycle goes on
      Files.writeString(dir.resolve("classes/App.class"), "v2");
      awaitServed(port, "v2", r);
      assertEquals(Optional.of(Long.toString(next)), Net.get(port, "/pid"));
    }
  }

  @Test
  void anAppRunByTheStandbySeesItsOwnMainAtTheBottomOfItsMainThreadAndInSunJavaCommand() throws Exception {
    int port = Net.freePort();
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Files.writeString(classes.resolve("App.class"), "v0");
    List<String> args = List.of("-v", "--no-cds", "-w", "classes", "--port", Integer.toString(port), "--",
        RunnerProcess.JAVA, "-cp", Path.of("target/test-classes").toAbsolutePath().toString(),
        "dev.runner.fixtures.MainReport", "classes/App.class");
    String expected = "bottom=dev.runner.fixtures.MainReport thread=main command=dev.runner.fixtures.MainReport"
        + " classes/App.class";
    try (RunnerProcess r = RunnerProcess.start(dir, Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString()), args)) {
      awaitServed(port, "v0", r);
      assertEquals(Optional.of(expected), Net.get(port, "/who"), "a JVM the runner started itself");
      long standby = awaitWaitingStandby(r, 1);
      Files.writeString(classes.resolve("App.class"), "v1");
      awaitServed(port, "v1", r);
      assertEquals(Optional.of(Long.toString(standby)), Net.get(port, "/pid"), "the standby runs the app");
      assertEquals(Optional.of(expected), Net.get(port, "/who"), "nothing of the standby shows");
    }
  }

  @Test
  void aStandbyWhoseJarChangedIsNotUsedAndAFreshJvmServes() throws Exception {
    int port = Net.freePort();
    try (RunnerProcess r = runner(port, dir.resolve("started.txt"))) {
      awaitServed(port, "v0", r);
      long standby = awaitWaitingStandby(r, 1);
      Path jar = dir.resolve("lib.jar");
      Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
      Files.writeString(dir.resolve("classes/App.class"), "v1");
      awaitServed(port, "v1", r);
      assertNotEquals(Optional.of(Long.toString(standby)), Net.get(port, "/pid"), "a fresh JVM serves");
      Poll.until(LONG, () -> !Census.alive(standby), () -> "the stale standby " + standby + " stopped");
      assertTrue(r.output().contains("standby JVM pid " + standby + " is stale"), r.output());
    }
  }

  @Test
  void aClassDirectoryThatAppearedAfterTheStandbyStartedMakesItStale() throws Exception {
    int port = Net.freePort();
    try (RunnerProcess r = runner(port, dir.resolve("started.txt"))) {
      awaitServed(port, "v0", r);
      long standby = awaitWaitingStandby(r, 1);
      Files.createDirectories(dir.resolve("late")); // a JVM started before this does not see it
      Files.writeString(dir.resolve("classes/App.class"), "v1");
      awaitServed(port, "v1", r);
      assertNotEquals(Optional.of(Long.toString(standby)), Net.get(port, "/pid"), "a fresh JVM serves");
      assertTrue(r.output().contains("standby JVM pid " + standby + " is stale"), r.output());
    }
  }

  @Test
  void withoutTheProxyTheStandbyWaitsForTheSharedPortWithoutAWarning() throws Exception {
    int port = Net.freePort();
    try (RunnerProcess r = runner(port, dir.resolve("started.txt"), "--no-proxy")) {
      awaitServed(port, "v0", r);
      long standby = awaitWaitingStandby(r, 1);
      Files.writeString(dir.resolve("classes/App.class"), "v1");
      awaitServed(port, "v1", r);
      assertEquals(Optional.of(Long.toString(standby)), Net.get(port, "/pid"), "the standby took the port over");
      assertFalse(r.output().contains("already listens"), r.output());
    }
  }

  @Test
  void aWaitingStandbyEndsWithTheRunnerEvenAfterKillDashNine() throws Exception {
    int port = Net.freePort();
    try (RunnerProcess r = runner(port, dir.resolve("started.txt"))) {
      awaitServed(port, "v0", r);
      long standby = awaitWaitingStandby(r, 1);
      r.signal("KILL");
      Poll.until(LONG, () -> Census.of(r.testId).isEmpty(),
          () -> "nothing left after kill -9 of the runner, found " + Census.of(r.testId));
      assertFalse(Census.alive(standby));
    }
  }

  @Test
  void aChildWithADebuggerAgentGetsNoStandbyWhoseAgentWouldRunBesideIt() throws Exception {
    int port = Net.freePort();
    Path started = dir.resolve("started.txt");
    List<String> jdwp = List.of("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0");
    try (RunnerProcess r = runner(port, started, jdwp)) {
      awaitServed(port, "v0", r);
      r.await("standby JVMs off: -agentlib:jdwp\\S* acts when the JVM starts, before main", LONG);
      Files.writeString(dir.resolve("classes/App.class"), "v1");
      awaitServed(port, "v1", r);
      assertEquals(0, r.count("standby JVM pid"), r.output());
    }
  }

  @Test
  void withNoStandbyEveryReloadStartsAFreshJvm() throws Exception {
    int port = Net.freePort();
    Path started = dir.resolve("started.txt");
    try (RunnerProcess r = runner(port, started, "--no-standby")) {
      for (int i = 1; i <= 3; i++) {
        Files.writeString(dir.resolve("classes/App.class"), "v" + i);
        awaitServed(port, "v" + i, r);
      }
      assertEquals(0, r.count("standby JVM"), r.output());
      assertEquals(Census.of(r.testId), Census.running(r.testId), "no JVM waiting");
    }
  }
}
