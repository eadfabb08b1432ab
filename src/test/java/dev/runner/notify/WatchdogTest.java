package dev.runner.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class WatchdogTest {
  private static final long MS = 1_000_000L;
  private static final long S = 1_000 * MS;

  private final Watchdog watchdog = new Watchdog(Duration.ofSeconds(30));

  @Test
  void unarmedUntilTheFirstBeat() {
    assertFalse(watchdog.armed());
    assertEquals(OptionalLong.empty(), watchdog.deadline());
    assertFalse(watchdog.expired(Long.MAX_VALUE));
    assertEquals(Duration.ZERO, watchdog.silentFor(1_000 * S));

    watchdog.beat(5 * S);
    assertTrue(watchdog.armed());
    assertEquals(OptionalLong.of(35 * S), watchdog.deadline());
  }

  @Test
  void silenceExpiresExactlyAfterTheTimeout() {
    watchdog.beat(10 * S);

    assertFalse(watchdog.expired(40 * S - 1));
    assertTrue(watchdog.expired(40 * S));
    assertEquals(Duration.ofMillis(31_200), watchdog.silentFor(41 * S + 200 * MS));
  }

  @Test
  void busyButBeatingNeverExpires() {
    long now = 0;
    watchdog.beat(now);
    // beats at uneven intervals, all shorter than the timeout, for a simulated day
    for (int i = 0; i < 10_000; i++) {
      now += (i % 7 == 0 ? 29_999 : 1_000 + i % 13 * 1_000) * MS;
      assertFalse(watchdog.expired(now), "expired at beat " + i);
      watchdog.beat(now);
    }
    assertFalse(watchdog.expired(now + 30 * S - 1));
  }

  @Test
  void manyCallsWithoutTimePassingNeverExpire() {
    watchdog.beat(0);
    for (int i = 0; i < 1_000_000; i++) {
      assertFalse(watchdog.expired(29 * S));
    }
  }

  @Test
  void clockJumpingFarForwardExpires() {
    watchdog.beat(1 * S);
    assertTrue(watchdog.expired(1 * S + Long.MAX_VALUE / 2));
    assertEquals(Duration.ofNanos(Long.MAX_VALUE / 2), watchdog.silentFor(1 * S + Long.MAX_VALUE / 2));
  }

  @Test
  void worksAcrossTheWrapOfTheClock() {
    long start = Long.MAX_VALUE - 10 * S;
    watchdog.beat(start);
    long deadline = watchdog.deadline().orElseThrow(); // wrapped to a negative number
    assertTrue(deadline < 0);
    assertFalse(watchdog.expired(start + 29 * S));
    assertTrue(watchdog.expired(deadline));
    assertFalse(watchdog.expired(deadline - 1));

    watchdog.beat(start + 20 * S); // after the wrap
    assertFalse(watchdog.expired(start + 49 * S));
    assertTrue(watchdog.expired(start + 50 * S));
  }

  @Test
  void aBeatStampedBeforeTheLatestDoesNotMoveTheDeadlineBack() {
    watchdog.beat(100 * S);
    watchdog.beat(90 * S);
    assertEquals(OptionalLong.of(130 * S), watchdog.deadline());
  }

  @Test
  void zeroTimeoutIsOff() {
    Watchdog off = new Watchdog(Duration.ZERO);
    off.beat(0);
    assertFalse(off.enabled());
    assertFalse(off.armed());
    assertEquals(OptionalLong.empty(), off.deadline());
    assertFalse(off.expired(Long.MAX_VALUE));
    assertEquals(0, Watchdog.usecFor(Duration.ZERO));
  }

  @Test
  void usecIsHalfTheTimeout() {
    assertEquals(15_000_000, Watchdog.usecFor(Duration.ofSeconds(30)));
    assertEquals(250_000, Watchdog.usecFor(Duration.ofMillis(500)));
    assertEquals(1, Watchdog.usecFor(Duration.ofNanos(1)), "never 0, which would mean off");
  }

  @Test
  void negativeTimeoutIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Watchdog(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> Watchdog.usecFor(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> new Watchdog(Duration.ofDays(365L * 1000)));
  }
}
