package dev.runner.proxy;

import io.undertow.server.HttpHandler;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One worker as the proxy sees it: where it listens, how many requests it has been given, how many
 * are still running, and whether it may get new ones.
 */
final class Backend {
  final long pid;
  final int port;
  volatile int limit;
  final HttpHandler forward;
  final AtomicInteger served = new AtomicInteger();
  final AtomicInteger inFlight = new AtomicInteger();
  volatile boolean routable = true;

  Backend(long pid, int port, int limit, HttpHandler forward) {
    this.pid = pid;
    this.port = port;
    this.limit = limit;
    this.forward = forward;
  }

  /**
   * Counts one more request for this worker. Returns false when it has reached its limit, in which
   * case it takes no more and the caller asks for a replacement.
   */
  boolean take() {
    if (!routable) {
      return false;
    }
    int n = served.incrementAndGet();
    if (limit > 0 && n > limit) {
      served.decrementAndGet();
      routable = false;
      return false;
    }
    if (limit > 0 && n == limit) {
      routable = false; // this one is its last
    }
    inFlight.incrementAndGet(); // counted before the request is on its way, so a drain cannot miss it
    return true;
  }
}
