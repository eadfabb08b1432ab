package dev.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a newcomer reads at start: the one address to open (the worker's own port is internal), and
 * under {@code nohup} that SIGHUP will not restart anything, since a JVM cannot handle a signal it
 * inherited ignored.
 */
class ConsoleE2ETest {
  private static final Duration LONG = Duration.ofSeconds(60);

  @TempDir Path dir;
  private int port;

  @BeforeEach
  void layout() throws Exception {
    Files.createDirectories(dir.resolve("classes"));
    Files.writeString(dir.resolve("classes/App.class"), "v0");
    port = Net.freePort();
  }

  private List<String> runnerArgs() {
    List<String> args = new ArrayList<>(List.of("-w", "classes", "--port", Integer.toString(port), "--"));
    args.addAll(RunnerProcess.fixture("FileServer", "classes/App.class"));
    return args;
  }

  @Test
  void theAddressToOpenIsPrintedOnce_theWorkersPortIsMarkedInternal() throws Exception {
    try (RunnerProcess r = RunnerProcess.start(dir, Map.of(), runnerArgs())) {
      Poll.until(LONG, () -> Net.get(port, "/").equals(Optional.of("v0")), () -> "served:\n" + r.output());
      r.await("ready in", LONG);
      assertEquals(1, r.count("http://"), "one address, the runner's:\n" + r.output());
      assertTrue(r.output().contains("app on http://127.0.0.1:" + port), r.output());
      String status = Net.get(port, "/_runner/status.txt").orElseThrow();
      assertTrue(status.matches("(?s).*worker 0: pid \\d+, internal port \\d+.*"), status);
      assertTrue(r.output().contains("or send SIGHUP to pid " + r.pid()), "SIGHUP works here:\n" + r.output());
    }
  }

  @Test
  void aRunnerStartedWithSighupIgnoredSaysThatSighupWillNotRestartIt() throws Exception {
    List<String> argv = new ArrayList<>(List.of("sh", "-c", "trap '' HUP; exec \"$@\"", "sh",
        RunnerProcess.JAVA));
    argv.addAll(RunnerProcess.RUNNER_JVM);
    argv.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.runner.Main"));
    argv.addAll(runnerArgs());
    try (RunnerProcess r = RunnerProcess.startRaw(dir, Map.of(), argv)) {
      r.await("SIGHUP will not restart it", LONG);
      String line = r.output().lines().filter(l -> l.contains("SIGHUP will not restart it")).findFirst().orElseThrow();
      assertTrue(line.contains("type rs + Enter") && line.contains("runner restart"), line);
      assertFalse(r.output().contains("send SIGHUP"), "no promise SIGHUP cannot keep:\n" + r.output());
    }
  }
}
