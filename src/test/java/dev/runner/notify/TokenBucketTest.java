package dev.runner.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long MS = 1_000_000L;

  @Test
  void aBurstPassesThenTheRateHolds() {
    TokenBucket bucket = new TokenBucket(1000, MS, 0); // 1000 per second
    for (int i = 0; i < 1000; i++) {
      assertTrue(bucket.take(1, 0));
    }
    assertFalse(bucket.take(1, 0));
    assertFalse(bucket.take(1, MS - 1));
    assertTrue(bucket.take(1, MS));
    assertFalse(bucket.take(1, MS));
  }

  @Test
  void manySmallStepsAddUp() {
    TokenBucket bucket = new TokenBucket(10, MS, 0);
    assertTrue(bucket.take(10, 0));
    long now = 0;
    int taken = 0;
    for (int i = 0; i < 1000; i++) { // 1000 steps of 0.1 ms: 100 ms, so 10 tokens
      now += MS / 10;
      if (bucket.take(1, now)) {
        taken++;
      }
    }
    assertEquals(100, taken);
  }

  @Test
  void refillsToCapacityOnlyAndSurvivesHugeJumpsAndTheWrap() {
    long start = Long.MAX_VALUE - 5 * MS;
    TokenBucket bucket = new TokenBucket(3, MS, start);
    assertTrue(bucket.take(3, start));
    assertFalse(bucket.take(4, start + Long.MAX_VALUE / 2), "never more than capacity");
    assertTrue(bucket.take(3, start + Long.MAX_VALUE / 2));
  }

  @Test
  void takeOfMoreThanIsThereTakesNothing() {
    TokenBucket bucket = new TokenBucket(64, 1, 0);
    assertFalse(bucket.take(65, 0));
    assertTrue(bucket.take(64, 0));
  }

  @Test
  void warningGateSwallowsAfterTheBurstAndCountsWhatItSwallowed() {
    WarningGate gate = new WarningGate(2, 1_000 * MS, 0);
    assertEquals(Optional.of("a"), gate.admit("a", 0));
    assertEquals(Optional.of("b"), gate.admit("b", 0));
    for (int i = 0; i < 1000; i++) {
      assertEquals(Optional.empty(), gate.admit("flood", 1));
    }
    assertEquals(Optional.of("c (1000 more notify warnings suppressed before this one)"), gate.admit("c", 1_000 * MS));
    assertEquals(Optional.empty(), gate.admit("d", 1_000 * MS));
  }
}
