package dev.runner.proxy;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.predicate.IdempotentPredicate;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.ResponseCodeHandler;
import io.undertow.server.handlers.proxy.ProxyHandler;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.xnio.Options;

/**
 * The runner's own port. A JVM cannot hand a listening socket to a child process, so instead of
 * sharing a socket the runner owns the port and proxies to workers on ports of their own. That
 * gives what a development loop wants: a request that arrives while no worker is ready (start-up,
 * reload, crash) is held, not refused, and is served by the next generation; requests are balanced
 * round-robin over the ready workers; and each worker's requests are counted, so a worker can be
 * recycled after {@code --max-requests}.
 *
 * <p>A request whose worker dies before answering (connection refused or reset, no byte of the
 * answer sent yet) is sent to another ready worker, or held until one is, when that is safe: the
 * connection was never made (nothing reached the worker), or the method is idempotent per RFC 9110
 * (GET, HEAD, OPTIONS, PUT, DELETE) and the request had no body still to stream. A POST that reached
 * its worker is never sent twice: it is answered 503. At most {@value #RETRIES} retries per request.
 * See {@link WorkerClient}.
 *
 * <p>Thread-safe: the supervisor calls {@link #route}/{@link #unroute}; Undertow's threads serve.
 */
public final class FrontProxy implements AutoCloseable {
  private static final String RUNNER_PATHS = "/_runner/";
  /** Enough for a request to outlive a worker or two dying under it; never a loop. */
  static final int RETRIES = 3;

  private final Undertow server;
  private final Rotation rotation;
  private final WorkerClient workers;
  private final HttpHandler proxy;
  private volatile HttpHandler control = ResponseCodeHandler.HANDLE_404;
  private volatile Runnable onRequest = () -> {};
  private final LiveReload live;

  /**
   * Binds {@code host:port} at once (so a port in use is reported before anything starts).
   *
   * @param limitReached called with a worker's pid when it has served its request limit
   */
  public FrontProxy(String host, int port, Duration holdTimeout, LongConsumer limitReached) {
    this(host, port, holdTimeout, limitReached, false);
  }

  /** @param liveReload whether HTML answers get the live-reload script (see {@link LiveReload}) */
  public FrontProxy(String host, int port, Duration holdTimeout, LongConsumer limitReached, boolean liveReload) {
    this.live = liveReload ? new LiveReload() : null;
    this.rotation = new Rotation(limitReached);
    this.workers = new WorkerClient(rotation, holdTimeout);
    this.proxy = ProxyHandler.builder()
        .setProxyClient(workers)
        .setMaxRequestTime(-1)
        .setMaxConnectionRetries(RETRIES)
        .setIdempotentRequestPredicate(IdempotentPredicate.INSTANCE)
        .setRewriteHostHeader(false)
        .setReuseXForwarded(true)
        .setNext(ResponseCodeHandler.HANDLE_404)
        .build();
    this.server = Undertow.builder()
        .addHttpListener(port, host)
        .setIoThreads(2)
        .setWorkerThreads(4)
        .setServerOption(UndertowOptions.ENABLE_HTTP2, false)
        .setSocketOption(Options.REUSE_ADDRESSES, true)
        .setHandler(this::handle)
        .build();
    server.start();
  }

  /** Who answers the runner's own paths, {@code /_runner/...} (status, events, restart, the live-reload script). */
  public void control(HttpHandler handler) {
    this.control = handler;
  }

  /** Called on Undertow's thread at the start of every request (keep it cheap). */
  public void onRequest(Runnable hook) {
    this.onRequest = hook;
  }

  /** Sends requests to this worker from now on; held requests go to it at once. */
  public void route(long pid, int port, int requestLimit) {
    Backend known = rotation.get(pid);
    if (known != null && known.port == port) { // back in rotation: keep its counters and connections
      known.limit = requestLimit;
      known.routable = true;
    } else {
      rotation.add(new Backend(pid, port, requestLimit));
    }
    workers.releaseHeld();
  }

  /** Sends no new requests to this worker; requests it is serving finish. */
  public void unroute(long pid) {
    Backend b = rotation.get(pid);
    if (b != null) {
      b.routable = false;
    }
  }

  /** Forgets a worker that is gone. */
  public void forget(long pid) {
    rotation.remove(pid);
  }

  /** Waits (bounded) until these workers have no request in flight. Returns whether they got there. */
  public boolean awaitIdle(Collection<Long> pids, Duration max, BooleanSupplier forceNow) {
    long end = System.nanoTime() + max.toNanos();
    while (!forceNow.getAsBoolean()) {
      if (rotation.idle(pids)) {
        return true;
      }
      if (System.nanoTime() - end > 0) {
        return false;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
    return false;
  }

  /** Requests served by this worker so far. */
  public int served(long pid) {
    Backend b = rotation.get(pid);
    return b == null ? 0 : b.served.get();
  }

  private void handle(HttpServerExchange exchange) throws Exception {
    onRequest.run();
    if (exchange.getRequestPath().startsWith(RUNNER_PATHS)) {
      control.handleRequest(exchange); // never proxied: the app cannot shadow them, nor see their requests
      return;
    }
    if (live != null) {
      live.prepare(exchange);
    }
    proxy.handleRequest(exchange); // the worker (or the hold) is picked by WorkerClient.findTarget
  }

  @Override
  public void close() {
    server.stop();
  }
}
