package dev.runner.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the runner tells the guardian (a recorded pipe), then the guardian's script for real: the
 * test owns the guardian's stdin and closes it, which is what the kernel does when the runner dies;
 * and once with a stand-in runner JVM killed by SIGKILL.
 */
class GuardianTest {
  /** HUP, INT, QUIT and TERM in {@code SigIgn} (signal n is bit n-1). */
  private static final long TERMINAL_SIGNALS = 1L << 0 | 1L << 1 | 1L << 2 | 1L << 14;

  private final String markValue = "t" + Integer.toHexString(ThreadLocalRandom.current().nextInt() & 0x7fffffff);
  private final String markPrefix = Spawner.MARK_ENV + "=" + markValue + ".";

  @BeforeAll
  static void linux() {
    assumeTrue(ProcStat.supported(), "needs /proc, sh and setsid");
  }

  @Test
  void tellsTheGuardianEverySessionChangeOnceAndDoneAtTheEnd() {
    Recorded p = new Recorded();
    Guardian g = new Guardian(p);

    g.watch(12);
    g.watch(12);     // already watched
    g.watch(1);      // init's session (or none): never
    g.watch(0);
    g.watch(-1);     // a tree without a session of its own
    g.watch(5);
    g.release(12);
    g.release(99);   // never watched
    g.close();

    assertEquals("12\n5 12\n5\ndone\n", p.stdin.toString(StandardCharsets.US_ASCII));
  }

  @Test
  void whenThePipeClosesWithoutDoneEveryProcessOfAWatchedSessionIsKilled() throws Exception {
    try (Reals reals = new Reals()) {
      long sid = tree(reals);
      Process gp = guardian(reals);
      Guardian g = new Guardian(gp);
      g.watch(sid);

      gp.getOutputStream().close(); // the runner is gone

      Reals.until(() -> reals.session(sid).isEmpty(), () -> "session " + sid + " gone: " + reals.session(sid));
      assertTrue(gp.waitFor(60, TimeUnit.SECONDS), "the guardian leaves when nothing is left");
    }
  }

  @Test
  void aMarkedProcessOutsideEveryWatchedSessionIsKilledToo() throws Exception {
    try (Reals reals = new Reals()) {
      ProcessBuilder pb = new ProcessBuilder("setsid", "sleep", "1000").redirectOutput(Redirect.DISCARD);
      pb.environment().put(Spawner.MARK_ENV, markValue + ".1.w0");
      Process escapee = reals.track(pb.start());
      Reals.until(() -> reals.marked(markPrefix).size() == 1, () -> "the marked sleep started");
      Process gp = guardian(reals);
      new Guardian(gp).watch(tree(reals));

      gp.getOutputStream().close();

      assertTrue(escapee.waitFor(60, TimeUnit.SECONDS), "the marked sleep was killed");
      assertEquals(137, escapee.exitValue(), "SIGKILL");
    }
  }

  @Test
  void doneLeavesEverythingAlone() throws Exception {
    try (Reals reals = new Reals()) {
      long sid = tree(reals);
      Process gp = guardian(reals);
      Guardian g = new Guardian(gp);
      g.watch(sid);

      g.close();

      assertTrue(gp.waitFor(60, TimeUnit.SECONDS), "the guardian left");
      assertEquals(0, gp.exitValue());
      assertEquals(3, reals.session(sid).size(), "the guardian is gone and the tree still runs");
    }
  }

  @Test
  void aReleasedSessionIsSpared() throws Exception {
    try (Reals reals = new Reals()) {
      long kept = tree(reals);
      long released = tree(reals);
      Process gp = guardian(reals);
      Guardian g = new Guardian(gp);
      g.watch(kept);
      g.watch(released);
      g.release(released);

      gp.getOutputStream().close();

      Reals.until(() -> reals.session(kept).isEmpty(), () -> "session " + kept + " gone");
      assertTrue(gp.waitFor(60, TimeUnit.SECONDS), "the guardian left");
      assertEquals(3, reals.session(released).size(), "the released session still runs");
    }
  }

  @Test
  void ignoresTerminalSignalsInASessionOfItsOwn() throws Exception {
    try (Reals reals = new Reals()) {
      Process gp = guardian(reals);
      long pid = gp.pid();
      Reals.until(() -> ignored(pid) == TERMINAL_SIGNALS, () -> "HUP INT QUIT TERM ignored by " + pid
          + ": " + Reals.statusLine(pid, "SigIgn"));
      assertEquals(pid, ProcStat.read(pid).orElseThrow().session(), "a session of its own");
      for (String sig : List.of("INT", "TERM", "HUP", "QUIT")) {
        assertEquals(0, new ProcessBuilder("kill", "-s", sig, Long.toString(pid)).start().waitFor());
      }
      long sid = tree(reals);
      new Guardian(gp).watch(sid);

      gp.getOutputStream().close();

      Reals.until(() -> reals.session(sid).isEmpty(), () -> "the guardian outlived the signals and killed " + sid);
    }
  }

  @Test
  void aRunnerKilledWithSigkillTakesItsTreesAlong() throws Exception {
    try (Reals reals = new Reals()) {
      Process runner = reals.track(StandIn.start("guardian", ""));
      BufferedReader out = new BufferedReader(new InputStreamReader(runner.getInputStream(), StandardCharsets.UTF_8));
      String mark = value(out, "mark ");
      long guardian = reals.track(Long.parseLong(value(out, "guardian ")));
      for (int i = 0; i < 5; i++) {
        reals.track(Long.parseLong(value(out, "pid ")));
      }
      // two shells, their two background sleeps, and one sleep that left its session
      Reals.until(() -> reals.marked(mark).size() == 5, () -> "5 marked processes: " + reals.marked(mark));
      List<ProcStat> tree = reals.marked(mark);

      runner.destroyForcibly();

      Reals.until(() -> tree.stream().noneMatch(Reals::alive), () -> "all gone: " + reals.marked(mark));
      Reals.until(() -> ProcessHandle.of(guardian).map(h -> !h.isAlive()).orElse(true), () -> "guardian left");
    }
  }

  /** A shell leading a session of its own with two background sleeps: 3 processes; its session id. */
  private static long tree(Reals reals) throws IOException {
    Process p = reals.track(new ProcessBuilder("setsid", "sh", "-c", "sleep 1000 & sleep 1000 & wait").start());
    Reals.until(() -> reals.session(p.pid()).size() == 3, () -> "3 processes in session " + p.pid());
    return p.pid();
  }

  private Process guardian(Reals reals) throws IOException {
    return reals.track(new ProcessBuilder(Guardian.command(markPrefix))
        .redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD).start());
  }

  private static long ignored(long pid) {
    return Reals.statusLine(pid, "SigIgn").map(l -> Long.parseLong(l.substring(7).trim(), 16) & TERMINAL_SIGNALS)
        .orElse(-1L);
  }

  /** The rest of the first line that starts with {@code key}; fails at the end of the output. */
  static String value(BufferedReader out, String key) throws IOException {
    StringBuilder seen = new StringBuilder();
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith(key)) {
        return line.substring(key.length());
      }
      seen.append(line).append('\n');
    }
    throw new AssertionError("no line starting with '" + key + "' in:\n" + seen);
  }

  /** A process that only records what is written to its stdin. */
  private static final class Recorded extends Process {
    final ByteArrayOutputStream stdin = new ByteArrayOutputStream();

    @Override
    public OutputStream getOutputStream() {
      return stdin;
    }

    @Override
    public InputStream getInputStream() {
      return InputStream.nullInputStream();
    }

    @Override
    public InputStream getErrorStream() {
      return InputStream.nullInputStream();
    }

    @Override
    public int waitFor() {
      return 0;
    }

    @Override
    public int exitValue() {
      return 0;
    }

    @Override
    public void destroy() {}
  }
}
