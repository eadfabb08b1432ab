package dev.runner.proxy;

import dev.runner.process.ProcStat;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyConnection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The one {@link ProxyClient} behind Undertow's {@code ProxyHandler}: it picks the worker for each
 * request, and the handler's retries come back to it. Undertow 2.3's {@code ProxyHandler} calls
 * {@link #findTarget} once per request and again after each failure it may retry, up to its
 * {@code maxConnectionRetries}; it may retry when the connection to the worker could not be made
 * (nothing was sent), or when the request was sent but no answer started and the request is
 * idempotent (its predicate) with no body still to stream (it passes no retry handle otherwise).
 * An answer counts as begun once the worker's status line and headers have arrived: from then on
 * a failure closes the client's connection, even if no byte has reached the client yet.
 *
 * <p>So {@link #findTarget} sees a failure as "the request is still on a worker": it gives the
 * request back to that worker, takes the worker out of rotation when it refused the connection or
 * its process is gone (dead, or a zombie not reaped yet; the supervisor learns of the exit from the
 * process and forgets it), and picks another. With none ready the request is held, as a new one
 * would be. Connections are pooled per worker ({@link Backend#pool}), without the single-host
 * {@code LoadBalancingProxyClient}, which refuses to try a host twice for one request.
 */
final class WorkerClient implements ProxyClient {
  private static final ProxyTarget HOLD = new ProxyTarget() {
    @Override
    public String toString() {
      return "hold";
    }
  };

  private final Rotation rotation;
  private final Hold hold;

  WorkerClient(Rotation rotation, Duration holdTimeout) {
    this.rotation = rotation;
    this.hold = new Hold(rotation, holdTimeout, this::resume);
  }

  /** Workers may have become routable: held requests go to them. */
  void releaseHeld() {
    hold.release();
  }

  @Override
  public ProxyTarget findTarget(HttpServerExchange exchange) {
    Attempt attempt = Attempt.of(exchange);
    Attempt.Failure failed = attempt.leave();
    Backend avoid = null;
    if (failed != null) {
      avoid = failed.backend();
      if (failed.refused() || gone(avoid.pid)) {
        avoid.routable = false;
      }
    }
    Backend b = rotation.pick(avoid);
    if (b == null) {
      return HOLD;
    }
    attempt.enter(b);
    return b;
  }

  @Override
  public void getConnection(ProxyTarget target, HttpServerExchange exchange, ProxyCallback<ProxyConnection> callback,
      long timeout, TimeUnit unit) {
    if (target instanceof Backend b) {
      connect(b, Attempt.of(exchange), callback);
    } else {
      hold.add(Attempt.of(exchange), callback);
    }
  }

  private void resume(Backend b, Attempt attempt, ProxyCallback<ProxyConnection> callback) {
    if (attempt.enter(b)) {
      attempt.exchange.getIoThread().execute(() -> connect(b, attempt, callback)); // the pool is per I/O thread
    }
  }

  private static void connect(Backend b, Attempt attempt, ProxyCallback<ProxyConnection> callback) {
    b.pool.connect(b, attempt.exchange, new ProxyCallback<>() {
      @Override
      public void completed(HttpServerExchange exchange, ProxyConnection connection) {
        callback.completed(exchange, connection);
      }

      @Override
      public void failed(HttpServerExchange exchange) {
        attempt.refused();
        callback.failed(exchange);
      }

      @Override
      public void queuedRequestFailed(HttpServerExchange exchange) {
        callback.queuedRequestFailed(exchange); // another connection to it was refused, or its queue is full
      }

      @Override
      public void couldNotResolveBackend(HttpServerExchange exchange) {
        callback.failed(exchange); // not sent anywhere: try another worker rather than answer 503
      }
    }, -1, TimeUnit.MILLISECONDS, false);
  }

  /** Whether the worker's process has exited (a zombie counts: it serves nothing). */
  private static boolean gone(long pid) {
    if (ProcStat.supported()) {
      return ProcStat.read(pid).map(s -> !s.alive()).orElse(true);
    }
    return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
  }
}
