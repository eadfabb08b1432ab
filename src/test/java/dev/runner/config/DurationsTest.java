package dev.runner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @Test
  void parsesEveryUnit() {
    assertEquals(Duration.ofMillis(300), Durations.parse("300ms"));
    assertEquals(Duration.ofSeconds(5), Durations.parse("5s"));
    assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
    assertEquals(Duration.ofMinutes(2), Durations.parse("2m"));
    assertEquals(Duration.ofHours(1), Durations.parse("1h"));
  }

  @Test
  void bareZeroNeedsNoUnit() {
    assertEquals(Duration.ZERO, Durations.parse("0"));
  }

  @Test
  void surroundingAndInnerWhitespaceIsIgnored() {
    assertEquals(Duration.ofSeconds(5), Durations.parse("  5s\t"));
    assertEquals(Duration.ofMillis(300), Durations.parse("\n300ms "));
    assertEquals(Duration.ofSeconds(5), Durations.parse("5 s"));
  }

  @Test
  void exactlyOneDayIsTheLongestAllowed() {
    assertEquals(Duration.ofDays(1), Durations.parse("24h"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"5", "abc", "-1s", "", "1.5", "10d", "5S", "1e3ms", ".5s"})
  void rejectsTextThatIsNotANumberWithAUnit(String bad) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad));
    assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"25h", "1441m", "86400001ms", "24.001h", "99999999999999999999h"})
  void rejectsMoreThanADay(String tooLong) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(tooLong));
    assertTrue(e.getMessage().contains(tooLong), e.getMessage());
    assertTrue(e.getMessage().contains("longer than a day"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1ms", "300ms", "999ms", "1s", "1.5s", "1.25s", "5s", "90s", "2m", "1h"})
  void formatGivesBackTheShortestForm(String text) {
    assertEquals(text, Durations.format(Durations.parse(text)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5ms", "0.5ms", "0.0001s"})
  void durationsFinerThanAMillisecondAreRejectedSoFormatStaysFaithful(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    assertTrue(e.getMessage().contains(text), e.getMessage());
  }
}
