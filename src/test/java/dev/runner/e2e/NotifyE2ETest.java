package dev.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notify channel end to end with sample-app, which sends READY=1 once Undertow listens and
 * WATCHDOG=1 from a thread of its own: heartbeats are judged by the clock, a silent child is
 * replaced (with a thread dump first), and hostile input on the socket changes nothing.
 */
class NotifyE2ETest {
  private static final Duration LONG = Duration.ofSeconds(60);
  private static final String SERVER = "dev.runner.sample.SampleApp";

  @TempDir static Path tmp;
  private static SampleAppCopy app;

  @BeforeAll
  static void buildCopy() throws Exception {
    app = SampleAppCopy.build(tmp);
  }

  private RunnerProcess start(int port, Map<String, String> env, String... options) throws Exception {
    List<String> args = new ArrayList<>(List.of(options));
    args.addAll(List.of("--port", Integer.toString(port), "-w", app.dir.resolve("target/classes").toString(), "--"));
    args.addAll(app.childCommand());
    RunnerProcess r = RunnerProcess.start(app.dir, env, args);
    Poll.until(LONG, () -> Net.get(port, "/health").isPresent(), () -> "sample-app up:\n" + r.output());
    return r;
  }

  private static long server(RunnerProcess r) {
    return Census.running(r.testId).stream()
        .filter(p -> p.cmdline().endsWith(SERVER) && !p.cmdline().contains("dev.runner.Main"))
        .findFirst().orElseThrow().pid();
  }

  private static String envOf(long pid, String name) throws Exception {
    for (String kv : Files.readString(Path.of("/proc", Long.toString(pid), "environ")).split("\0")) {
      if (kv.startsWith(name + "=")) {
        return kv.substring(name.length() + 1);
      }
    }
    throw new AssertionError(name + " not in the environment of " + pid);
  }

  @Test
  void aChildBurningBothCoresWhileItsHeartbeatThreadReportsIsNotKilled() throws Exception {
    int port = Net.freePort();
    try (RunnerProcess r = start(port, Map.of("SAMPLE_BURN", "1"), "--timeout-notify", "2s")) {
      long pid = server(r);
      assertEquals("1000000", envOf(pid, "RUNNER_WATCHDOG_USEC"), "told half the timeout");
      r.await("ready in", LONG);
      ProxyE2ETest.Answer burnt = ProxyE2ETest.call(port, "/burn?seconds=10");
      assertEquals(200, burnt.status(), "the burn request was answered: " + burnt + "\n" + r.output());
      assertEquals(pid, server(r), "same child after 10 s of burning both cores");
      assertFalse(r.output().contains("no heartbeat"), r.output());
    }
  }

  @Test
  void aStoppedChildIsKilledAndReplaced() throws Exception {
    int port = Net.freePort();
    try (RunnerProcess r = start(port, Map.of(), "-v", "--timeout-notify", "2s", "--grace", "1s")) {
      long pid = server(r);
      r.await("ready in", LONG);
      // the watchdog judges only a child that has beaten once: stopping it earlier would test nothing
      r.await("pid " + pid + ": first heartbeat", LONG);
      long t0 = System.nanoTime();
      RunnerProcess.signal("STOP", pid);
      Poll.until(LONG, () -> !Census.alive(pid) && Net.get(port, "/health").isPresent(),
          () -> "stopped pid " + pid + " replaced:\n" + r.output());
      System.out.printf("SIGSTOPped child replaced after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      assertTrue(r.output().contains("pid " + pid + ": no heartbeat for"), r.output());
    }
  }

  @Test
  void aDeadlockedHeartbeatThreadShowsItsThreadDumpBeforeTheChildIsStopped() throws Exception {
    int port = Net.freePort();
    try (RunnerProcess r = start(port, Map.of("SAMPLE_HANG", "1"), "--timeout-notify", "2s", "--grace", "1s")) {
      long pid = server(r);
      r.await("ready in", LONG);
      assertTrue(Net.get(port, "/hang-watchdog").isPresent());
      r.await("pid " + pid + ": no heartbeat for", LONG);
      r.await("Found one Java-level deadlock", LONG);
      Poll.until(LONG, () -> !Census.alive(pid), () -> "the deadlocked child stopped");
      int dump = r.output().indexOf("Found one Java-level deadlock");
      int stopped = r.output().indexOf("started pid ", r.output().indexOf("no heartbeat"));
      assertTrue(dump >= 0 && (stopped < 0 || dump < stopped), r.output());
      Poll.until(LONG, () -> Net.get(port, "/health").isPresent(), () -> "a fresh child serving");
    }
  }

  @Test
  void hostileInputOnTheNotifySocketChangesNothing_andTheSocketDirectoryIsPrivateAndRemovedOnSigterm()
      throws Exception {
    int port = Net.freePort();
    RunnerProcess r = start(port, Map.of());
    try (r) {
      long pid = server(r);
      Path socket = Path.of(envOf(pid, "RUNNER_NOTIFY_SOCKET"));
      Path dir = socket.getParent();
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
      byte[] garbage = new byte[10 * 1024 * 1024];
      new Random(7).nextBytes(garbage);
      try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        ch.connect(UnixDomainSocketAddress.of(socket));
        try (OutputStream out = Channels.newOutputStream(ch)) {
          out.write(garbage);
        } catch (IOException closedByTheRunner) {
          // the runner may close a flooding connection: that is the point
        }
      }
      List<SocketChannel> idle = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
          ch.connect(UnixDomainSocketAddress.of(socket));
          ch.write(ByteBuffer.wrap("STATUS=half".getBytes(StandardCharsets.UTF_8)));
          ch.shutdownOutput();
        } catch (IOException refused) {
          // beyond the connection limit
        }
        idle.add(ch);
      }
      try {
        Files.writeString(app.dir.resolve("target/classes/touch.txt"), "x");
        Poll.until(LONG, () -> r.count("restarting") >= 1 && r.count("ready in") >= 2,
            () -> "a reload still completes:\n" + r.output());
        assertEquals(Optional.of("ok\n"), Net.get(port, "/health"));
      } finally {
        for (SocketChannel ch : idle) {
          ch.close();
        }
      }
      r.signal("TERM");
      assertEquals(143, r.awaitExit(LONG));
      assertFalse(Files.exists(dir), "the socket directory is gone after SIGTERM");
    }
  }
}
