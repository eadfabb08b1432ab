package dev.runner.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollerTest {
  @Test
  void aQuickWalkWaitsTheInterval() {
    assertEquals(Duration.ofMillis(200), Poller.waitAfter(Duration.ofMillis(200), Duration.ofMillis(3)));
  }

  @Test
  void aSlowWalkWaitsFourTimesAsLongAsItTookSoPollingNeverTakesMoreThanAFifthOfACore() {
    assertEquals(Duration.ofMillis(2_400), Poller.waitAfter(Duration.ofMillis(200), Duration.ofMillis(600)));
    assertEquals(Duration.ofSeconds(1), Poller.waitAfter(Duration.ofSeconds(1), Duration.ofMillis(250)));
  }
}
