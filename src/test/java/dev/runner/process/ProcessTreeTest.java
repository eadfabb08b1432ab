package dev.runner.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runner.process.ProcessTree.StopReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Membership and stopping against a fake /proc (pids above the kernel's limit, signals logged,
 * a clock that moves 50 ms per look), then a few real trees for what only the kernel can show.
 */
// a broken loop fails instead of hanging the build (in its own thread: the loop may not heed interrupts)
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProcessTreeTest {
  private static final long L = FakeProc.BASE + 100; // the leader
  private static final Duration GRACE = Duration.ofSeconds(10);

  @TempDir Path dir;
  private FakeProc fake;
  private long now;
  private final LongSupplier clock = () -> now += TimeUnit.MILLISECONDS.toNanos(50);

  @BeforeEach
  void table() {
    fake = new FakeProc(dir.resolve("proc"));
  }

  private static long p(int n) {
    return FakeProc.BASE + n;
  }

  private ProcessTree tree(long leader, boolean ownSession, String mark) {
    return new ProcessTree(leader, ownSession, mark, clock, fake.fs(), fake::handle);
  }

  private Set<Long> termed() {
    return fake.log().stream().filter(l -> l.startsWith("TERM ")).map(l -> Long.parseLong(l.substring(5)))
        .collect(Collectors.toSet());
  }

  @Test
  void findsTheSessionAndEveryDescendantWhateverTheOrderOfTheScan() {
    fake.put(L, 'S', 1, L, 1000);
    fake.put(p(9), 'S', L, L, 1001);          // child, in the session
    fake.put(p(1), 'S', p(9), L, 1002);       // grandchild with a lower pid than its parent
    fake.put(p(7), 'S', p(1), p(7), 1003);    // left the session (setsid), still a descendant
    fake.put(p(3), 'S', p(7), p(7), 1004);    // its child, lower pid again
    fake.put(p(50), 'S', 1, L, 1005);         // re-parented to init, still in the session
    fake.put(p(60), 'S', 1, p(60), 900);      // unrelated
    fake.put(p(61), 'S', p(60), p(60), 901);  // unrelated child

    StopReport r = tree(L, true, null).stop(GRACE, () -> false);

    assertEquals(Set.of(L, p(9), p(1), p(7), p(3), p(50)), termed(), fake.log().toString());
    assertEquals(6, r.terminated());
    assertEquals(0, r.killed());
    assertEquals(List.of(), r.survivors());
  }

  @Test
  void withoutASessionOnlyTheLeaderAndItsDescendantsAreMembers() {
    fake.put(L, 'S', 1, p(500), 1000);        // shares the runner's session
    fake.put(p(5), 'S', L, p(500), 1001);
    fake.put(p(6), 'S', p(5), p(500), 1002);
    fake.put(p(500), 'S', 1, p(500), 10);     // the runner's session leader: not ours

    tree(L, false, null).stop(GRACE, () -> false);

    assertEquals(Set.of(L, p(5), p(6)), termed());
  }

  @Test
  void aMemberSeenBeforeIsStillFoundAfterItsParentDiedAndItWasReparented() {
    fake.put(L, 'S', 1, p(500), 1000);
    fake.put(p(5), 'S', L, p(500), 1001);
    ProcessTree t = tree(L, false, null);
    assertTrue(t.alive()); // sees p(5) as a descendant

    fake.remove(L);
    fake.put(p(5), 'S', 1, p(500), 1001);     // re-parented to init: no link left to the tree

    assertTrue(t.alive());
    t.stop(GRACE, () -> false);
    assertEquals(List.of("TERM " + p(5)), fake.log());
  }

  @Test
  void aMemberSeenBeforeWhosePidWasReusedIsDropped() {
    fake.put(L, 'S', 1, p(500), 1000);
    fake.put(p(5), 'S', L, p(500), 1001);
    ProcessTree t = tree(L, false, null);
    assertTrue(t.alive());

    fake.remove(L);
    fake.put(p(5), 'S', 1, p(500), 7777);     // p(5) exited; a later process got its pid

    assertFalse(t.alive());
    t.stop(GRACE, () -> false);
    assertEquals(List.of(), fake.log());
  }

  @Test
  void aLaterProcessReusingTheLeaderPidIsNotTheLeader() {
    fake.put(L, 'S', 1, p(500), 1000);
    ProcessTree t = tree(L, false, null);
    fake.put(L, 'S', 1, p(500), 2000);        // the leader went; its pid came back for another process

    assertFalse(t.alive());
    t.stop(GRACE, () -> false);
    assertEquals(List.of(), fake.log());
  }

  @Test
  void aNewSessionUnderTheLeadersReusedPidIsNotThisTree() {
    fake.put(L, 'S', 1, L, 1000);
    ProcessTree t = tree(L, true, null);
    // the whole session went (only then can the kernel hand out its id again); a later process
    // got the pid and called setsid, so it leads a session with the same id, with a child in it
    fake.put(L, 'S', 1, L, 2000);
    fake.put(p(5), 'S', L, L, 2001);

    assertFalse(t.alive());
    t.stop(GRACE, () -> false);
    assertEquals(List.of(), fake.log());
  }

  @Test
  void zombiesAreNeitherMembersNorSignalled() {
    fake.put(L, 'S', 1, L, 1000);
    fake.put(p(5), 'Z', L, L, 1001);          // exited, not yet reaped
    fake.put(p(6), 'Z', 1, L, 1002);          // re-parented to an init that does not reap
    fake.put(p(7), 'X', L, L, 1003);

    tree(L, true, null).stop(GRACE, () -> false);

    assertEquals(List.of("TERM " + L), fake.log());
  }

  @Test
  void processesThatVanishMidWalkAreSkipped() throws IOException {
    fake.put(L, 'S', 1, L, 1000);
    fake.put(p(5), 'S', L, L, 1001);
    fake.put(p(6), 'S', L, L, 1002);
    Files.createDirectories(dir.resolve("proc").resolve(Long.toString(p(7)))); // listed, stat already gone
    Files.createDirectories(dir.resolve("proc").resolve(Long.toString(p(8))));
    Files.writeString(dir.resolve("proc").resolve(Long.toString(p(8))).resolve("stat"), "8 (gon"); // torn read
    // p(5) exits as the leader gets SIGTERM, and its pid goes to an unrelated process before
    // p(5)'s own turn: the stop must not signal that newcomer
    fake.onTerm(L, () -> {
      fake.remove(L);
      fake.put(p(5), 'S', 1, p(900), 5000);
    });

    StopReport r = tree(L, true, null).stop(GRACE, () -> false);

    assertEquals(List.of("TERM " + L, "TERM " + p(6)), fake.log());
    assertEquals(List.of(), r.survivors());
  }

  @Test
  void whatIgnoresSigtermIsKilledAfterTheGrace() {
    fake.put(L, 'S', 1, L, 1000);
    fake.put(p(5), 'S', L, L, 1001);
    fake.onTerm(p(5), () -> {});              // ignores SIGTERM

    StopReport r = tree(L, true, null).stop(GRACE, () -> false);

    assertEquals(List.of("TERM " + L, "TERM " + p(5), "KILL " + p(5)), fake.log());
    assertEquals(2, r.terminated());
    assertEquals(1, r.killed());
    assertEquals(List.of(), r.survivors());
    assertTrue(r.millis() >= GRACE.toMillis(), "the fake clock went past the grace: " + r.millis());
  }

  @Test
  void forceNowEndsTheGraceAtOnce() {
    fake.put(L, 'S', 1, L, 1000);
    fake.onTerm(L, () -> {});
    LongSupplier second = () -> now += TimeUnit.SECONDS.toNanos(1);
    Duration grace = Duration.ofMinutes(10);

    StopReport r = ProcessTree.stopAll(List.of(tree(L, true, null)), grace, () -> true, second);

    assertEquals(List.of("TERM " + L, "KILL " + L), fake.log());
    assertEquals(1, r.killed());
    assertTrue(r.millis() < grace.toMillis() / 10, "did not wait out the grace, fake ms: " + r.millis());
  }

  /** A stop from an interrupted thread still waits out its grace between looks, and keeps the interrupt. */
  @Test
  void anInterruptedStopWaitsBetweenLooksInsteadOfSpinningAndKeepsTheInterrupt() {
    fake.put(L, 'S', 1, L, 1000);
    fake.onTerm(L, () -> {}); // ignores SIGTERM: the stop waits out a real second of grace
    AtomicInteger looks = new AtomicInteger();
    Thread.currentThread().interrupt();
    StopReport r;
    try {
      r = ProcessTree.stopAll(List.of(tree(L, true, null)), Duration.ofSeconds(1), () -> {
        looks.incrementAndGet();
        return false;
      }, System::nanoTime);
    } finally {
      assertTrue(Thread.interrupted(), "the interrupt is kept for the caller (and cleared here)");
    }
    assertEquals(1, r.killed());
    // a look every 5 ms is some 200 in a second; a loop whose waits return at once makes tens of thousands
    assertTrue(looks.get() < 1000, "looks during one second of grace: " + looks.get());
  }

  @Test
  void processesForkedDuringShutdownGetSigtermToo() {
    fake.put(L, 'S', 1, L, 1000);
    fake.put(p(5), 'S', L, p(5), 1001);       // left the session: found only as a descendant
    fake.onTerm(p(5), () -> {                 // forks a helper on its way out, then exits
      fake.put(p(6), 'S', p(5), p(5), 1002);
      fake.onTerm(p(6), () -> {});
    });
    fake.onTerm(L, () -> {});                 // the leader waits for its child

    tree(L, true, null).stop(GRACE, () -> false);

    List<String> log = fake.log();
    assertTrue(log.contains("TERM " + p(6)), log.toString());
    assertTrue(log.indexOf("TERM " + p(6)) < log.indexOf("KILL " + p(6)), log.toString());
  }

  @Test
  void aMarkedProcessThatLeftTheTreeIsAdoptedWithItsChildren() {
    String mark = "RUNNER_TREE=ab-1.3.w0";
    fake.put(L, 'S', 1, L, 1000);
    fake.put(p(5), 'S', 1, p(5), 1001).environ(p(5), "A=1", mark);          // double-forked, setsid
    fake.put(p(6), 'S', p(5), p(5), 1002);                                   // its child (environ unreadable)
    fake.put(p(7), 'S', 1, p(7), 999).environ(p(7), mark);                   // older than the leader
    fake.put(p(8), 'S', 1, p(8), 1003).environ(p(8), "RUNNER_TREE=ab-1.3.w01"); // another tree
    fake.put(p(9), 'S', 2, 0, 1004).environ(p(9), mark);                     // a kernel thread

    tree(L, true, mark).stop(GRACE, () -> false);

    assertEquals(Set.of(L, p(5), p(6)), termed(), fake.log().toString());
  }

  @Test
  void aProcessThatSurvivesSigkillIsReportedAfterABoundedWait() {
    fake.put(L, 'S', 1, L, 1000);
    fake.put(p(5), 'D', L, L, 1001);          // uninterruptible sleep: no signal acts yet
    fake.onTerm(p(5), () -> {});
    fake.onKill(p(5), () -> {});

    StopReport r = tree(L, true, null).stop(GRACE, () -> false);

    assertEquals(List.of(p(5)), r.survivors());
    assertEquals(1, r.killed(), "SIGKILL once, not once per look");
    assertTrue(r.millis() >= GRACE.plus(ProcessTree.AFTER_KILL).toMillis(), "fake ms: " + r.millis());
  }

  @Test
  void treesStoppedTogetherShareOneGrace() {
    long l2 = p(200);
    fake.put(L, 'S', 1, L, 1000);
    fake.put(l2, 'S', 1, l2, 1001);
    fake.onTerm(L, () -> {});
    fake.onTerm(l2, () -> {});

    StopReport r = ProcessTree.stopAll(List.of(tree(L, true, null), tree(l2, true, null)), GRACE, () -> false, clock);

    assertEquals(List.of("TERM " + L, "TERM " + l2, "KILL " + L, "KILL " + l2), fake.log());
    assertTrue(r.millis() < 2 * GRACE.toMillis(), "one grace for both, fake ms: " + r.millis());
  }

  // --- real processes ---

  @Test
  void stopsARealSessionIncludingGrandchildrenWhoseParentExited() throws Exception {
    assumeTrue(ProcStat.supported(), "needs /proc");
    try (Reals reals = new Reals()) {
      // the inner shell starts two sleeps and exits: they are re-parented, still in the session
      Process leader = reals.track(new ProcessBuilder("setsid", "sh", "-c",
          "sh -c 'sleep 1000 & sleep 1000 &'; exec sleep 1000").start());
      long sid = leader.pid();
      ProcessTree t = new ProcessTree(sid, true);
      Reals.until(() -> reals.session(sid).size() == 3 && leader.info().command().orElse("").endsWith("sleep"),
          () -> "three sleeps in session " + sid + ": " + reals.session(sid));
      List<ProcStat> before = reals.session(sid);

      StopReport r = t.stop(Duration.ofSeconds(30), () -> false);

      assertEquals(List.of(), r.survivors());
      assertEquals(0, r.killed(), "sleep ends on SIGTERM");
      assertTrue(before.stream().noneMatch(Reals::alive), "left: " + reals.session(sid));
      assertFalse(t.alive());
    }
  }

  @Test
  void aStoppedProcessIsResumedSoItCanActOnSigterm() throws Exception {
    assumeTrue(ProcStat.supported(), "needs /proc");
    try (Reals reals = new Reals()) {
      Process leader = reals.track(new ProcessBuilder("setsid", "sh", "-c",
          "trap 'exit 0' TERM; sleep 1000 & wait").start());
      long sid = leader.pid();
      ProcessTree t = new ProcessTree(sid, true);
      Reals.until(() -> reals.session(sid).size() == 2, () -> "sh and sleep in session " + sid);
      new ProcessBuilder("kill", "-s", "STOP", Long.toString(sid)).start().waitFor();
      Reals.until(() -> ProcStat.read(sid).map(s -> s.state() == 'T').orElse(false), () -> sid + " stopped");

      // without SIGCONT the shell could not run its trap until the grace ran out and SIGKILL came
      StopReport r = t.stop(Duration.ofSeconds(60), () -> false);

      assertEquals(0, r.killed(), r.toString());
      assertEquals(List.of(), r.survivors());
      assertEquals(0, leader.waitFor(), "the trap ran");
    }
  }

  @Test
  void withoutProcItFallsBackToWhatProcessHandleSees() throws Exception {
    try (Reals reals = new Reals()) {
      Process leader = reals.track(new ProcessBuilder("sh", "-c", "sleep 1000 & wait").start());
      ProcFs none = new ProcFs(dir.resolve("no-proc"));
      ProcessTree t = new ProcessTree(leader.pid(), false, null, System::nanoTime, none, ProcessHandle::of);
      Reals.until(() -> leader.descendants().count() == 1, () -> "the sleep started");
      ProcessHandle sleep = leader.descendants().findFirst().orElseThrow();
      reals.track(sleep.pid());

      StopReport r = t.stop(Duration.ofSeconds(30), () -> false);

      assertEquals(List.of(), r.survivors());
      Reals.until(() -> !sleep.isAlive(), () -> "the sleep " + sleep.pid() + " gone");
    }
  }
}
