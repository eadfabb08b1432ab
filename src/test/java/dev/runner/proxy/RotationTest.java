package dev.runner.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Picking workers: round-robin, limits, and where a request goes after its worker failed it. */
class RotationTest {
  private final List<Long> limitsReached = new ArrayList<>();
  private final Rotation rotation = new Rotation(limitsReached::add);
  private final Backend a = new Backend(1, 10_001, 0);
  private final Backend b = new Backend(2, 10_002, 0);

  @Test
  void requestsAlternateOverRoutableWorkersAndAreCountedInFlight() {
    rotation.add(a);
    rotation.add(b);
    Backend first = rotation.pick(null);
    Backend second = rotation.pick(null);
    assertEquals(Set.of(a, b), Set.of(first, second));
    assertEquals(1, a.inFlight.get());
    assertEquals(1, b.served.get());
    b.routable = false;
    assertSame(a, rotation.pick(null));
    assertSame(a, rotation.pick(null));
    assertFalse(rotation.idle(List.of(1L, 2L)));
    a.done();
    a.done();
    a.done();
    b.done();
    assertTrue(rotation.idle(List.of(1L, 2L)));
  }

  @Test
  void aRequestThatFailedOnAWorkerGoesToAnotherOne_backToItOnlyWhenItIsTheOnlyOneLeft() {
    rotation.add(a);
    rotation.add(b);
    for (int i = 0; i < 4; i++) {
      assertSame(b, rotation.pick(a));
      assertSame(a, rotation.pick(b));
    }
    b.routable = false;
    assertSame(a, rotation.pick(a), "a worker that closed an idle connection just then is still a worker");
    a.routable = false;
    assertNull(rotation.pick(a), "none left: the request is held");
  }

  @Test
  void aWorkerGivesBackARequestItFailed_soItsCountsSayWhatItServed() {
    rotation.add(a);
    assertSame(a, rotation.pick(null));
    a.giveBack();
    assertEquals(0, a.served.get());
    assertEquals(0, a.inFlight.get());
  }

  @Test
  void aWorkerTakesNoMoreThanItsLimitAndTheLimitIsReportedWithItsLastRequest() {
    Backend limited = new Backend(3, 10_003, 2);
    rotation.add(limited);
    assertSame(limited, rotation.pick(null));
    assertEquals(List.of(), limitsReached);
    assertSame(limited, rotation.pick(null));
    assertEquals(List.of(3L), limitsReached);
    assertFalse(limited.routable);
    assertNull(rotation.pick(null));
  }
}
