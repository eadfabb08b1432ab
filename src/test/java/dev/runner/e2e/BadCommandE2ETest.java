package dev.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Commands that misbehave in the ways real commands do: exit at once, flood their output, close
 * their output and keep running, or cannot be executed at all. Whatever they do, the runner says
 * what happened, does not spin, keeps reloading, and leaves no process behind (checked by
 * {@link RunnerProcess#close()}).
 */
class BadCommandE2ETest {
  private static final Duration LONG = Duration.ofSeconds(60);
  private static final long MIB = 1024 * 1024;

  @TempDir Path dir;

  private Path src() throws IOException {
    return Files.createDirectories(dir.resolve("src"));
  }

  private static List<String> args(List<String> options, List<String> command) {
    List<String> all = new ArrayList<>(options);
    all.add("--");
    all.addAll(command);
    return all;
  }

  private int runs() {
    return lines(dir.resolve("runs.txt")).size();
  }

  /**
   * A window to measure CPU time over. Only the idle-CPU test uses one: idleness is a rate, which
   * takes time to measure; every other test synchronises on an outcome.
   */
  private static void measureFor(Duration window) {
    long start = System.nanoTime();
    Poll.until(window.plusSeconds(30), () -> System.nanoTime() - start > window.toNanos(), () -> "time to pass");
  }

  // ---- a command that exits at once ----

  @ParameterizedTest(name = "exit {0}")
  @ValueSource(ints = {0, 1})
  void aCommandThatExitsAtOnceIsReportedAndRunsAgainOnlyOnTheNextChange(int status) throws Exception {
    Path src = src();
    List<String> command = List.of("sh", "-c", "echo run >> runs.txt; exit " + status);
    try (RunnerProcess r = RunnerProcess.start(dir, Map.of(), args(List.of("-w", "src"), command))) {
      r.await("exited with status " + status + " before it was ready; waiting for a change", LONG);
      Files.writeString(src.resolve("App.txt"), "v1");
      Poll.until(LONG, () -> r.count("exited with status " + status) == 2, () -> "a second run:\n" + r.output());
      // a third change as the yardstick: a runner restarting in a loop would have run many times by
      // the time this change has gone through
      Files.writeString(src.resolve("App.txt"), "v2");
      Poll.until(LONG, () -> r.count("exited with status " + status) == 3, () -> "a third run:\n" + r.output());
      assertEquals(3, runs(), "one run at start, one per change, none in between:\n" + r.output());
      assertEquals(3, r.count("waiting for a change"), r.output());
      assertTrue(r.alive(), "the runner keeps waiting");
    }
  }

  @ParameterizedTest(name = "exit {0}")
  @ValueSource(ints = {0, 1})
  void withoutReloadTheRunnerEndsWithTheStatusOfACommandThatExitsAtOnce(int status) throws Exception {
    List<String> command = List.of("sh", "-c", "exit " + status);
    try (RunnerProcess r = RunnerProcess.start(dir, Map.of(), args(List.of("--no-reload"), command))) {
      assertEquals(status, r.awaitExit(LONG), r.output());
    }
  }

  // ---- a command that prints 100 MB ----

  @Test
  void aHundredMegabytesFromOneChildGoStraightThrough() throws Exception {
    flood(1, 100, "lines");
  }

  @Test
  void aHundredMegabytesInLinesThroughTheWorkerPrefixKeepTheRunnersMemoryBounded() throws Exception {
    flood(2, 50, "lines");
  }

  @Test
  void aHundredMegabytesWithoutANewlineThroughTheWorkerPrefixKeepTheRunnersMemoryBounded() throws Exception {
    flood(2, 50, "oneline");
  }

  /**
   * {@code workers} children print {@code megabytes} MiB each; the test drains the runner's stdout
   * itself. The runner's peak resident memory may not grow by 100 MB over what it had before, and
   * a change still reloads afterwards.
   */
  private void flood(int workers, int megabytes, String mode) throws Exception {
    Path src = src();
    Path go = dir.resolve("go");
    List<String> options = new ArrayList<>(List.of("-w", "src"));
    if (workers > 1) {
      options.addAll(List.of("--workers", Integer.toString(workers), "--port", Integer.toString(Net.freePort())));
    }
    try (RunnerProcess r = RunnerProcess.startCountingStdout(dir, Map.of(),
        args(options, RunnerProcess.fixture("Flood", Integer.toString(megabytes), mode, go.toString())))) {
      r.await("ready in \\d+ ms", LONG);
      long rssBefore = memoryKb(r.pid(), "VmRSS");
      long start = System.nanoTime();
      Files.writeString(go, "go");
      long expected = workers * megabytes * MIB;
      Poll.until(LONG, () -> r.stdoutBytes() >= expected && r.count("flood done") == workers,
          () -> workers + " x " + megabytes + " MiB on stdout, got " + r.stdoutBytes() + " bytes; stderr:\n" + r.output());
      long millis = (System.nanoTime() - start) / 1_000_000;
      long peak = memoryKb(r.pid(), "VmHWM");
      System.out.printf("%d MiB (%s, %d worker(s)) through the runner in %d ms; runner RSS %d MB before, peak %d MB%n",
          workers * megabytes, mode, workers, millis, rssBefore / 1024, peak / 1024);
      assertTrue(peak - rssBefore < 100 * 1024, "runner RSS grew from " + rssBefore / 1024 + " MB to a peak of "
          + peak / 1024 + " MB");
      if (workers > 1) {
        String tail = r.stdoutTail();
        assertTrue(tail.lines().skip(1).allMatch(l -> l.startsWith("[w0] ") || l.startsWith("[w1] ")),
            () -> "every line keeps its worker's prefix: " + tail.substring(Math.max(0, tail.length() - 300)));
      }

      Files.delete(go);
      Files.writeString(src.resolve("App.txt"), "v1");
      r.await("restarting \\(pids? [\\d, ]+ -> [\\d, ]+\\) \\.\\.\\. ready in", LONG);
    }
  }

  private static long memoryKb(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    throw new IllegalStateException(field + " not in /proc/" + pid + "/status");
  }

  // ---- a command that closes its output and keeps running ----

  @ParameterizedTest(name = "{0} worker(s)")
  @ValueSource(ints = {1, 2})
  void aCommandThatClosesItsOutputAndKeepsRunningIsNeitherAnExitNorABusyLoop(int workers) throws Exception {
    Path src = src();
    Path pids = dir.resolve("pids.txt");
    List<String> options = new ArrayList<>(List.of("-w", "src"));
    if (workers > 1) {
      options.addAll(List.of("--workers", "2", "--port", Integer.toString(Net.freePort())));
    }
    try (RunnerProcess r = RunnerProcess.start(dir, Map.of(),
        args(options, RunnerProcess.fixture("CloseOutput", pids.toString())))) {
      r.await("ready in \\d+ ms", LONG);
      Poll.until(LONG, () -> lines(pids).size() == workers, () -> "the children closed their output");
      Duration cpuBefore = cpu(r.pid());
      long start = System.nanoTime();
      measureFor(Duration.ofSeconds(2));
      Duration used = cpu(r.pid()).minus(cpuBefore);
      long window = (System.nanoTime() - start) / 1_000_000;
      System.out.printf("runner CPU with %d child(ren) whose output is closed: %d ms in %d ms%n", workers,
          used.toMillis(), window);
      assertTrue(used.toMillis() * 100 / window < 30, "the runner is idle, not spinning: " + used.toMillis()
          + " ms CPU in " + window + " ms");
      assertFalse(r.output().contains("exited"), r.output());
      for (String pid : lines(pids)) {
        assertTrue(Census.alive(Long.parseLong(pid)), "child " + pid + " still runs");
      }

      Files.writeString(src.resolve("App.txt"), "v1");
      r.await("restarting \\(pids? [\\d, ]+ -> [\\d, ]+\\) \\.\\.\\. ready in", LONG);
      Poll.until(LONG, () -> lines(pids).size() == 2 * workers, () -> "the next generation started");
    }
  }

  /** The runner's CPU time so far (user + system, from /proc/PID/stat). */
  private static Duration cpu(long pid) {
    return ProcessHandle.of(pid).orElseThrow().info().totalCpuDuration().orElseThrow();
  }

  private static List<String> lines(Path p) {
    try {
      return Files.exists(p) ? Files.readAllLines(p) : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  // ---- a command that cannot be executed ----

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"./serve.sh", "no-such-command-xyz", "./src"})
  void aCommandThatCannotBeExecutedIsOneLineAndExitStatusTwo(String command) throws Exception {
    Files.writeString(dir.resolve("serve.sh"), "#!/bin/sh\nexec sleep 600\n"); // not executable
    src();
    try (RunnerProcess r = RunnerProcess.start(dir, Map.of(), List.of("--", command, "arg"))) {
      assertEquals(2, r.awaitExit(LONG), r.output());
      assertEquals(List.of("runner: command not found or not executable: '" + command + "' (see runner --help)"),
          r.output().lines().toList());
    }
  }

  /** Bad input that only shows when the runner starts: still one line, exit status 2, nothing left. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"port in use", "address not on this machine", "--javac without java -cp"})
  void badInputFoundOnlyAtStartIsOneLineAndExitStatusTwo(String what) throws Exception {
    src();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String port = Integer.toString(taken.getLocalPort());
      List<String> args = switch (what) {
        case "port in use" -> List.of("--port", port, "--", "true");
        case "address not on this machine" -> List.of("--host", "192.0.2.1", "--port", port, "--", "true"); // TEST-NET-1
        default -> List.of("--javac", "-w", "src", "--", "true");
      };
      String named = switch (what) {
        case "port in use" -> "runner: cannot listen on 127.0.0.1:" + port + ": ";
        case "address not on this machine" -> "runner: cannot listen on 192.0.2.1:" + port + ": ";
        default -> "runner: --javac needs COMMAND to be 'java";
      };
      try (RunnerProcess r = RunnerProcess.start(dir, Map.of(), args)) {
        assertEquals(2, r.awaitExit(LONG), r.output());
        List<String> lines = r.output().lines().toList();
        assertEquals(1, lines.size(), r.output());
        assertTrue(lines.get(0).startsWith(named), r.output());
      }
    }
  }

  @Test
  void aCommandThatStopsBeingExecutableIsReportedAtTheNextReloadAndRunsAgainOnceFixed() throws Exception {
    Path src = src();
    Path script = dir.resolve("serve.sh");
    Files.writeString(script, "#!/bin/sh\necho run >> runs.txt\nexec sleep 600\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    try (RunnerProcess r = RunnerProcess.start(dir, Map.of(), args(List.of("-w", "src"), List.of("./serve.sh")))) {
      r.await("ready in \\d+ ms", LONG);
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(src.resolve("App.txt"), "v1");
      String failed = "(exited with status 126|cannot start \\./serve\\.sh: .*Permission denied).*waiting for a change";
      r.await(failed, LONG);
      assertEquals(1, runs(), r.output());

      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
      Files.writeString(src.resolve("App.txt"), "v2");
      Poll.until(LONG, () -> runs() == 2, () -> "runs again once executable:\n" + r.output());
      // the next change as the yardstick: a runner retrying in a loop would have reported many failures
      assertEquals(1, r.count(failed), "one failure report, no retry loop:\n" + r.output());
      assertTrue(r.alive(), r.output());
    }
  }
}
