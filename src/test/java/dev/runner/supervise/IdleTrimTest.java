package dev.runner.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** When the idle trim runs, on a fake clock: once per burst, after the quiet period, never while idle. */
class IdleTrimTest {
  private static final long S = 1_000_000_000L;
  private long now = 100 * S;
  private final IdleTrim.Plan plan = new IdleTrim.Plan(5 * S, () -> now);

  @Test
  void nothingPendingBeforeAnyActivity() {
    assertEquals(-1, plan.next());
    now += 3600 * S;
    assertEquals(-1, plan.next()); // an idle runner never trims, however long it sits
  }

  @Test
  void trimsOnceTheQuietPeriodHasPassedAndThenWaitsForTheNextBurst() {
    assertTrue(plan.activity()); // first activity wakes the waiter
    assertEquals(5 * S, plan.next());
    now += 2 * S;
    assertEquals(3 * S, plan.next());
    now += 3 * S;
    assertEquals(0, plan.next()); // trim now
    assertEquals(-1, plan.next()); // once: the burst is spent
    now += 60 * S;
    assertEquals(-1, plan.next());
  }

  @Test
  void activityDuringTheWaitPushesTheTrimBack() {
    plan.activity();
    now += 4 * S;
    assertFalse(plan.activity()); // already pending: no wake-up needed
    now += 2 * S;
    assertEquals(3 * S, plan.next()); // 5 s after the last activity, not the first
    now += 3 * S;
    assertEquals(0, plan.next());
  }

  @Test
  void aNewBurstAfterATrimGetsATrimOfItsOwn() {
    plan.activity();
    now += 5 * S;
    assertEquals(0, plan.next());
    now += 30 * S;
    assertTrue(plan.activity());
    assertEquals(5 * S, plan.next());
    now += 5 * S;
    assertEquals(0, plan.next());
    assertEquals(-1, plan.next());
  }

  @Test
  void activityRacingTheDecisionIsNotLost() {
    boolean[] race = {false};
    IdleTrim.Plan[] racy = new IdleTrim.Plan[1];
    racy[0] = new IdleTrim.Plan(5 * S, () -> {
      if (race[0]) { // a request arrives on another thread just as the trim is being decided
        race[0] = false;
        now += S;
        racy[0].activity();
      }
      return now;
    });
    racy[0].activity();
    now += 5 * S;
    race[0] = true;
    assertEquals(5 * S, racy[0].next()); // not a trim in the middle of a new burst, and still pending
    now += 5 * S;
    assertEquals(0, racy[0].next());
  }

  @Test
  void theThreadTrimsOnceAfterActivityAndStopsOnClose() throws InterruptedException {
    AtomicInteger trims = new AtomicInteger();
    CountDownLatch trimmed = new CountDownLatch(1);
    IdleTrim.Plan zeroQuiet = new IdleTrim.Plan(0, System::nanoTime);
    try (IdleTrim trim = new IdleTrim(zeroQuiet, () -> {
      trims.incrementAndGet();
      trimmed.countDown();
    })) {
      assertEquals(0, trims.get());
      trim.activity();
      assertTrue(trimmed.await(10, TimeUnit.SECONDS));
      assertEquals(-1, zeroQuiet.next()); // parked until the next activity
    }
    assertEquals(1, trims.get());
  }
}
