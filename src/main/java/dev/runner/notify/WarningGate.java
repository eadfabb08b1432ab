package dev.runner.notify;

import java.util.Optional;

/**
 * Keeps a hostile or broken client from flooding the runner's log: a burst of warnings passes,
 * then one per interval; the next one that passes says how many were swallowed in between.
 * Pure, clocked by the caller.
 */
final class WarningGate {
  private final TokenBucket bucket;
  private long suppressed;

  WarningGate(int burst, long nanosPerWarning, long now) {
    this.bucket = new TokenBucket(burst, nanosPerWarning, now);
  }

  /** The text to log, or empty when this warning is swallowed. */
  Optional<String> admit(String text, long now) {
    if (!bucket.take(1, now)) {
      suppressed++;
      return Optional.empty();
    }
    if (suppressed == 0) {
      return Optional.of(text);
    }
    String withCount = text + " (" + suppressed + " more notify warning" + (suppressed == 1 ? "" : "s")
        + " suppressed before this one)";
    suppressed = 0;
    return Optional.of(withCount);
  }
}
