package dev.runner.notify;

/**
 * A rate limit that allows bursts: {@code capacity} tokens, one more every {@code nanosPerToken},
 * never more than {@code capacity}. Pure and clocked by the caller (monotonic nanoseconds,
 * compared by subtraction), so limits are tested without waiting and judged by time, not calls.
 */
final class TokenBucket {
  private final long capacity;
  private final long nanosPerToken;
  private final long fillNanos;
  private long tokens;
  private long last;

  TokenBucket(long capacity, long nanosPerToken, long now) {
    if (capacity <= 0 || nanosPerToken <= 0) {
      throw new IllegalArgumentException("capacity and nanosPerToken must be positive, got "
          + capacity + " and " + nanosPerToken);
    }
    this.capacity = capacity;
    this.nanosPerToken = nanosPerToken;
    this.fillNanos = Math.multiplyExact(capacity, nanosPerToken);
    this.tokens = capacity;
    this.last = now;
  }

  /** Takes {@code n} tokens if there are that many; otherwise takes none and says so. */
  boolean take(long n, long now) {
    refill(now);
    if (tokens < n) {
      return false;
    }
    tokens -= n;
    return true;
  }

  private void refill(long now) {
    long elapsed = now - last;
    if (elapsed <= 0) {
      return; // same instant, or a time stamp from before the last one
    }
    if (elapsed >= fillNanos) {
      tokens = capacity;
      last = now;
      return;
    }
    long add = elapsed / nanosPerToken;
    if (add == 0) {
      return; // keep `last`, so many small steps still add up
    }
    tokens += add;
    last += add * nanosPerToken;
    if (tokens >= capacity) {
      tokens = capacity;
      last = now;
    }
  }
}
