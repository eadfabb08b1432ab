package dev.runner.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyConnection;
import io.undertow.util.Headers;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Requests waiting for a worker, new ones and ones whose worker just failed alike. No thread is
 * blocked: a held request is parked until a worker is routed (then it goes there) or the hold
 * timeout passes (then it is answered 503 with a plain-text reason and {@code Retry-After}). The
 * timeout bounds a request's waiting in total: one held again after its worker failed gets what
 * is left of it.
 */
final class Hold {
  /** Sends a held request on to the worker that was picked (and has counted it) for it. */
  interface Resume {
    void to(Backend b, Attempt attempt, ProxyCallback<ProxyConnection> callback);
  }

  private record Held(Attempt attempt, ProxyCallback<ProxyConnection> callback, long since) {}

  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private final Rotation rotation;
  private final Duration timeout;
  private final Resume resume;

  Hold(Rotation rotation, Duration timeout, Resume resume) {
    this.rotation = rotation;
    this.timeout = timeout;
    this.resume = resume;
  }

  void add(Attempt attempt, ProxyCallback<ProxyConnection> callback) {
    Held h = new Held(attempt, callback, System.nanoTime());
    synchronized (held) {
      held.add(h);
    }
    long left = Math.max(0, timeout.toNanos() - attempt.heldNanos());
    attempt.exchange.getIoThread().executeAfter(() -> expire(h), left, TimeUnit.NANOSECONDS);
    release(); // a worker may have been routed since the pick that found none
  }

  /** Hands held requests, oldest first, to routable workers while there are both. */
  void release() {
    while (true) {
      Held h;
      Backend b;
      synchronized (held) {
        if (held.isEmpty()) {
          return;
        }
        b = rotation.pick(null);
        if (b == null) {
          return;
        }
        h = held.poll();
      }
      h.attempt().held(System.nanoTime() - h.since());
      resume.to(b, h.attempt(), h.callback());
    }
  }

  private void expire(Held h) {
    boolean mine;
    synchronized (held) {
      mine = held.remove(h);
    }
    if (mine) {
      HttpServerExchange ex = h.attempt().exchange;
      ex.setStatusCode(503);
      ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
      ex.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
      ex.getResponseSender().send("runner: no worker became ready within the hold timeout ("
          + timeout.toMillis() + " ms); see the runner's output\n");
    }
  }
}
