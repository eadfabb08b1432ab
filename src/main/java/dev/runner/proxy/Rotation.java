package dev.runner.proxy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/** The workers known to the proxy and whose turn it is: round-robin over the routable ones. */
final class Rotation {
  private final Map<Long, Backend> backends = new ConcurrentHashMap<>();
  private final AtomicLong turn = new AtomicLong();
  private final LongConsumer limitReached;

  /** @param limitReached called with a worker's pid when it has been given its request limit */
  Rotation(LongConsumer limitReached) {
    this.limitReached = limitReached;
  }

  Backend get(long pid) {
    return backends.get(pid);
  }

  void add(Backend b) {
    backends.put(b.pid, b);
  }

  void remove(long pid) {
    backends.remove(pid);
  }

  /** Whether none of these workers has a request in flight. */
  boolean idle(Collection<Long> pids) {
    return pids.stream().map(backends::get).allMatch(b -> b == null || b.inFlight.get() == 0);
  }

  /**
   * The next routable worker, with the request already counted on it; null when none is. A
   * request that just failed on {@code avoid} goes to another worker when there is one, and back
   * to {@code avoid} only when it is the only one left (a worker that closed an idle connection
   * just as the request was sent on it is still a good worker).
   */
  Backend pick(Backend avoid) {
    List<Backend> others = new ArrayList<>();
    for (Backend b : backends.values()) {
      if (b.routable && b != avoid) {
        others.add(b);
      }
    }
    Backend b = pickFrom(others);
    if (b == null && avoid != null && avoid.routable) {
      b = pickFrom(List.of(avoid));
    }
    return b;
  }

  private Backend pickFrom(List<Backend> ready) {
    int n = ready.size();
    for (int i = 0; i < n; i++) {
      Backend b = ready.get((int) Math.floorMod(turn.getAndIncrement(), (long) n));
      boolean wasRoutable = b.routable;
      if (b.take()) {
        if (!b.routable) {
          limitReached.accept(b.pid); // this request was its last
        }
        return b;
      }
      if (wasRoutable) {
        limitReached.accept(b.pid);
      }
    }
    return null;
  }
}
