package dev.runner.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

/**
 * Which worker a request is on now. A request that fails over moves from one worker to the next,
 * and the counts move with it: in flight on the worker serving it (a reload's drain waits for
 * exactly those), given back by the one that failed it, released when the exchange ends however
 * it ends.
 */
final class Attempt {
  private static final AttachmentKey<Attempt> KEY = AttachmentKey.create(Attempt.class);

  final HttpServerExchange exchange;
  private Backend on;
  private boolean refused;
  private boolean ended;
  private long heldNanos;

  /** What the last try left behind: the worker it failed on, and whether that worker refused the connection. */
  record Failure(Backend backend, boolean refused) {}

  private Attempt(HttpServerExchange exchange) {
    this.exchange = exchange;
  }

  /** The request's attempt, made on first use (on the exchange's I/O thread, while Undertow handles it). */
  static Attempt of(HttpServerExchange exchange) {
    Attempt a = exchange.getAttachment(KEY);
    if (a == null) {
      Attempt fresh = new Attempt(exchange);
      exchange.putAttachment(KEY, fresh);
      exchange.addExchangeCompleteListener((ex, next) -> {
        fresh.end();
        next.proceed();
      });
      a = fresh;
    }
    return a;
  }

  /**
   * The request goes to {@code b}, which has already counted it. False when the exchange ended
   * meanwhile (the client went away while it was held): then {@code b} gets the request back.
   */
  synchronized boolean enter(Backend b) {
    if (ended) {
      b.giveBack();
      return false;
    }
    on = b;
    refused = false;
    return true;
  }

  /** The worker did not accept a connection: nothing of the request reached it. */
  synchronized void refused() {
    refused = true;
  }

  /** The try failed before any answer: the worker gets the request back; null when there was no try yet. */
  synchronized Failure leave() {
    if (on == null) {
      return null;
    }
    Failure f = new Failure(on, refused);
    on.giveBack();
    on = null;
    return f;
  }

  /** Time this request has already spent held, waiting for a worker. */
  synchronized long heldNanos() {
    return heldNanos;
  }

  synchronized void held(long nanos) {
    heldNanos += nanos;
  }

  private synchronized void end() {
    ended = true;
    if (on != null) {
      on.done();
      on = null;
    }
  }
}
