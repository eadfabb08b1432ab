package dev.runner.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes the human durations used on the command line: {@code 300ms}, {@code 5s}, {@code 1.5s}, {@code 2m}. */
public final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

  private Durations() {}

  /**
   * Parses a duration; a bare {@code 0} is allowed, any other number needs a unit so that "5" is
   * never silently read as 5 ms or 5 minutes.
   */
  public static Duration parse(String text) {
    String t = text.trim();
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = FORM.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (use a number with a unit: 300ms, 5s, 1.5s, 2m)");
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    long millisPerUnit = switch (m.group(2)) {
      case "ms" -> 1;
      case "s" -> 1_000;
      case "m" -> 60_000;
      case "h" -> 3_600_000;
      default -> throw new AssertionError(m.group(2));
    };
    BigDecimal millis = amount.multiply(BigDecimal.valueOf(millisPerUnit));
    if (millis.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException("'" + text + "' is finer than a millisecond");
    }
    if (millis.compareTo(BigDecimal.valueOf(24L * 3_600_000)) > 0) {
      throw new IllegalArgumentException("'" + text + "' is longer than a day");
    }
    return Duration.ofNanos(millis.multiply(BigDecimal.valueOf(1_000_000)).longValue());
  }

  /** The shortest faithful form, as shown in {@code --help} and log lines. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0";
    }
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1_000 == 0) {
      return ms / 1_000 + "s";
    }
    if (ms < 1_000) {
      return ms + "ms";
    }
    return BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + "s";
  }
}
