package dev.runner.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DebouncerTest {
  private static final long MS = 1_000_000L;
  private static final Path A = Path.of("A.java");
  private static final Path B = Path.of("B.java");

  private final Debouncer debouncer = new Debouncer(Duration.ofMillis(200), Duration.ofSeconds(1));

  @Test
  void nothingIsDueWhenIdle() {
    assertEquals(OptionalLong.empty(), debouncer.deadline());
    assertTrue(debouncer.poll(0).isEmpty());
  }

  @Test
  void singleEventIsReleasedAfterTheQuietPeriodAndNotBefore() {
    debouncer.add(A, 1_000 * MS);

    assertEquals(OptionalLong.of(1_200 * MS), debouncer.deadline());
    assertTrue(debouncer.poll(1_200 * MS - 1).isEmpty());
    assertEquals(new ChangeSet(Set.of(A), false), debouncer.poll(1_200 * MS).orElseThrow());
    assertEquals(OptionalLong.empty(), debouncer.deadline());
    assertTrue(debouncer.poll(5_000 * MS).isEmpty());
  }

  @Test
  void eventsWithinTheQuietPeriodCoalesceIntoOneBatch() {
    debouncer.add(A, 0);
    debouncer.add(B, 150 * MS);
    debouncer.add(A, 300 * MS);

    assertTrue(debouncer.poll(499 * MS).isEmpty());
    assertEquals(Set.of(A, B), debouncer.poll(500 * MS).orElseThrow().paths());
  }

  @Test
  void continuousBurstIsReleasedEveryMax() {
    List<Long> releasedAt = new ArrayList<>();
    for (long t = 0; t <= 5_000 * MS; t += 10 * MS) {
      if (debouncer.poll(t).isPresent()) {
        releasedAt.add(t / MS);
      }
      debouncer.add(A, t);
    }
    // the caller comes back at each deadline; the quiet period never passes, so max cuts each batch
    assertEquals(List.of(1_000L, 2_000L, 3_000L, 4_000L, 5_000L), releasedAt);
    assertEquals(OptionalLong.of(5_200 * MS), debouncer.deadline());
  }

  @Test
  void addEverythingMarksTheBatch() {
    debouncer.add(A, 0);
    debouncer.addEverything(50 * MS);

    ChangeSet batch = debouncer.poll(250 * MS).orElseThrow();
    assertTrue(batch.everything());
    assertEquals(Set.of(A), batch.paths());

    debouncer.add(B, 1_000 * MS);
    assertFalse(debouncer.poll(1_200 * MS).orElseThrow().everything(), "next batch starts clean");
  }

  @Test
  void clockNearLongMaxValueStillReleasesAfterTheQuietPeriod() {
    long start = Long.MAX_VALUE - 500 * MS; // start + max overflows, start + quiet does not
    debouncer.add(A, start);

    assertTrue(debouncer.poll(start + 199 * MS).isEmpty());
    assertEquals(Set.of(A), debouncer.poll(start + 200 * MS).orElseThrow().paths());
  }

  @Test
  void clockWrappingPastLongMaxValueStillReleasesAfterTheQuietPeriod() {
    long start = Long.MAX_VALUE - 100 * MS; // both deadlines overflow
    debouncer.add(A, start);

    assertTrue(debouncer.poll(start + 199 * MS).isEmpty());
    assertEquals(Set.of(A), debouncer.poll(start + 200 * MS).orElseThrow().paths());
  }

  @Test
  void burstAcrossTheWrapIsCutAtMax() {
    long start = Long.MAX_VALUE - 500 * MS;
    for (long t = 0; t < 1_000 * MS; t += 10 * MS) {
      debouncer.add(A, start + t);
      assertTrue(debouncer.poll(start + t).isEmpty(), "released early at +" + t / MS + "ms");
    }
    assertTrue(debouncer.poll(start + 1_000 * MS).isPresent());
  }

  @Test
  void rejectsACapShorterThanTheQuietPeriod() {
    assertThrows(IllegalArgumentException.class,
        () -> new Debouncer(Duration.ofSeconds(1), Duration.ofMillis(999)));
    assertThrows(IllegalArgumentException.class,
        () -> new Debouncer(Duration.ofMillis(-1), Duration.ofSeconds(1)));
  }

  @Test
  void aLoneFileIsReleasedAfterTheShortQuietPeriod_aSecondFileMakesItABurst() {
    Debouncer adaptive = new Debouncer(Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofSeconds(2));
    adaptive.add(A, 0);
    adaptive.add(A, 10 * MS); // the same file written twice is still one file
    assertEquals(OptionalLong.of(60 * MS), adaptive.deadline());
    assertEquals(Set.of(A), adaptive.poll(60 * MS).orElseThrow().paths());

    adaptive.add(A, 1_000 * MS);
    adaptive.add(B, 1_030 * MS);
    assertTrue(adaptive.poll(1_080 * MS).isEmpty(), "two files: the full quiet period applies");
    assertEquals(Set.of(A, B), adaptive.poll(1_230 * MS).orElseThrow().paths());
  }

  @Test
  void aSafeSaveIsOneFile_itsTemporaryFileIsGoneByThenButTwoRealFilesStayABurst() {
    Path tmp = Path.of("/p/src/App.java___jb_tmp___");
    Set<Path> there = new HashSet<>(Set.of(A, B, tmp));
    Debouncer adaptive = new Debouncer(Duration.ofMillis(200), Duration.ofMillis(20), Duration.ofSeconds(2),
        there::contains);
    adaptive.add(tmp, 0);
    adaptive.add(A, 1 * MS); // renamed over the real file
    there.remove(tmp);
    assertEquals(OptionalLong.of(21 * MS), adaptive.deadline());
    assertEquals(Set.of(tmp, A), adaptive.poll(21 * MS).orElseThrow().paths());

    adaptive.add(A, 1_000 * MS);
    adaptive.add(B, 1_001 * MS);
    assertEquals(OptionalLong.of(1_201 * MS), adaptive.deadline(), "both are there: a burst");
    adaptive.poll(1_201 * MS);

    there.clear(); // none there (all deleted): not "one file" either, so the full period
    adaptive.add(A, 2_000 * MS);
    adaptive.add(B, 2_000 * MS);
    assertEquals(OptionalLong.of(2_200 * MS), adaptive.deadline());
  }

  @Test
  void theShortQuietPeriodCannotExceedTheQuietPeriod() {
    assertThrows(IllegalArgumentException.class,
        () -> new Debouncer(Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofSeconds(1)));
  }
}
