package dev.runner.proxy;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.ResponseCodeHandler;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
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
 * <p>Thread-safe: the supervisor calls {@link #route}/{@link #unroute}; Undertow's threads serve.
 */
public final class FrontProxy implements AutoCloseable {
  private static final String STATUS_PATH = "/_runner/status";

  private final Undertow server;
  private final Duration holdTimeout;
  private final LongConsumer limitReached;
  private final Map<Long, Backend> backends = new ConcurrentHashMap<>();
  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private final AtomicLong turn = new AtomicLong();
  private volatile StatusSource status = () -> "";
  private final LiveReload live;

  /** What {@code /_runner/status} shows, supplied by the supervisor. */
  public interface StatusSource {
    String text();
  }

  private record Held(HttpServerExchange exchange, long since) {}

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
    this.holdTimeout = holdTimeout;
    this.limitReached = limitReached;
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

  public void statusSource(StatusSource source) {
    this.status = source;
  }

  /** Sends requests to this worker from now on; held requests go to it at once. */
  public void route(long pid, int port, int requestLimit) {
    Backend known = backends.get(pid);
    if (known != null && known.port == port) { // back in rotation: keep its counters and connections
      known.limit = requestLimit;
      known.routable = true;
      releaseHeld();
      return;
    }
    LoadBalancingProxyClient client = new LoadBalancingProxyClient()
        .setConnectionsPerThread(64)
        .setMaxQueueSize(10_000) // beyond the connections, requests queue instead of failing with 503
        .addHost(URI.create("http://127.0.0.1:" + port));
    HttpHandler forward = ProxyHandler.builder()
        .setProxyClient(client)
        .setMaxRequestTime(-1)
        .setRewriteHostHeader(false)
        .setReuseXForwarded(true)
        .setNext(ResponseCodeHandler.HANDLE_404)
        .build();
    backends.put(pid, new Backend(pid, port, requestLimit, forward));
    releaseHeld();
  }

  /** Sends no new requests to this worker; requests it is serving finish. */
  public void unroute(long pid) {
    Backend b = backends.get(pid);
    if (b != null) {
      b.routable = false;
    }
  }

  /** Forgets a worker that is gone. */
  public void forget(long pid) {
    backends.remove(pid);
  }

  /** Waits (bounded) until these workers have no request in flight. Returns whether they got there. */
  public boolean awaitIdle(Collection<Long> pids, Duration max, java.util.function.BooleanSupplier forceNow) {
    long end = System.nanoTime() + max.toNanos();
    while (!forceNow.getAsBoolean()) {
      boolean idle = pids.stream().map(backends::get).allMatch(b -> b == null || b.inFlight.get() == 0);
      if (idle) {
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
    Backend b = backends.get(pid);
    return b == null ? 0 : b.served.get();
  }

  private void handle(HttpServerExchange exchange) throws Exception {
    if (exchange.getRequestPath().equals(STATUS_PATH)) {
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
      exchange.getResponseSender().send(status.text());
      return;
    }
    if (live != null && live.handle(exchange)) {
      return;
    }
    Backend b = pick();
    if (b != null) {
      forward(b, exchange);
      return;
    }
    hold(exchange);
  }

  private Backend pick() {
    List<Backend> ready = new ArrayList<>();
    for (Backend b : backends.values()) {
      if (b.routable) {
        ready.add(b);
      }
    }
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

  /** A new generation is ready (pages with live reload refresh themselves). */
  public void generationReady() {
    if (live != null) {
      live.reload();
    }
  }

  /** Sends a request to the worker {@link #pick} chose (and counted in flight). */
  private void forward(Backend b, HttpServerExchange exchange) throws Exception {
    if (live != null) {
      live.prepare(exchange);
    }
    exchange.addExchangeCompleteListener((ex, next) -> {
      b.inFlight.decrementAndGet();
      next.proceed();
    });
    b.forward.handleRequest(exchange);
  }

  /** Parks the request (no thread is blocked) until a worker is routed or the hold timeout passes. */
  private void hold(HttpServerExchange exchange) {
    Held h = new Held(exchange, System.nanoTime());
    exchange.dispatch(SameThreadExecutor.INSTANCE, () -> {
      synchronized (held) {
        held.add(h);
      }
      exchange.getIoThread().executeAfter(() -> expire(h), holdTimeout.toMillis(), TimeUnit.MILLISECONDS);
      releaseHeld(); // a worker may have been routed since pick() found none
    });
  }

  private void expire(Held h) {
    boolean mine;
    synchronized (held) {
      mine = held.remove(h);
    }
    if (mine) {
      HttpServerExchange ex = h.exchange();
      ex.setStatusCode(503);
      ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
      ex.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
      ex.getResponseSender().send("runner: no worker became ready within the hold timeout ("
          + holdTimeout.toMillis() + " ms); see the runner's output\n");
    }
  }

  private void releaseHeld() {
    while (true) {
      Held h;
      synchronized (held) {
        if (held.isEmpty()) {
          return;
        }
        Backend b = pick();
        if (b == null) {
          return;
        }
        h = held.poll();
        if (h == null) {
          b.served.decrementAndGet();
          b.inFlight.decrementAndGet();
          return;
        }
        Held taken = h;
        taken.exchange().getIoThread().execute(
            () -> Connectors.executeRootHandler(ex -> forward(b, ex), taken.exchange()));
      }
    }
  }

  @Override
  public void close() {
    server.stop();
  }
}
