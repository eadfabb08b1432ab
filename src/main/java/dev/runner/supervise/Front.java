package dev.runner.supervise;

import java.time.Duration;
import java.util.Collection;
import java.util.function.BooleanSupplier;

/** The front proxy as the supervisor sees it. */
public interface Front {
  /** Route requests to this ready worker; it takes at most {@code requestLimit} (0: unlimited). */
  void route(long pid, int port, int requestLimit);

  /** No new requests for this worker. */
  void unroute(long pid);

  /** The worker is gone. */
  void forget(long pid);

  /** Wait, bounded, until these workers have no request in flight (or {@code forceNow} turns true). */
  boolean awaitIdle(Collection<Long> pids, Duration max, BooleanSupplier forceNow);

  /** Requests this worker has been given. */
  int served(long pid);
}
