package dev.runner.proxy;

import io.undertow.client.UndertowClient;
import io.undertow.server.handlers.proxy.ConnectionPoolManager;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyConnectionPool;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.OptionMap;

/**
 * One worker as the proxy sees it: where it listens (with a pool of connections to it), how many
 * requests it has been given, how many are still running, and whether it may get new ones.
 */
final class Backend implements ProxyClient.ProxyTarget {
  private static final int CONNECTIONS_PER_IO_THREAD = 64;
  private static final int QUEUE = 10_000; // beyond the connections, requests queue instead of failing

  final long pid;
  final int port;
  volatile int limit;
  final ProxyConnectionPool pool;
  final AtomicInteger served = new AtomicInteger();
  final AtomicInteger inFlight = new AtomicInteger();
  volatile boolean routable = true;

  Backend(long pid, int port, int limit) {
    this.pid = pid;
    this.port = port;
    this.limit = limit;
    this.pool = new ProxyConnectionPool(new PoolSettings(), URI.create("http://127.0.0.1:" + port),
        UndertowClient.getInstance(), OptionMap.EMPTY);
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

  /** A request it took has ended (answered, or the client went away). */
  void done() {
    inFlight.decrementAndGet();
  }

  /** A request it took failed before any answer and goes elsewhere: it was not served here. */
  void giveBack() {
    served.decrementAndGet();
    inFlight.decrementAndGet();
  }

  @Override
  public String toString() {
    return "worker pid " + pid + " on port " + port;
  }

  /**
   * Undertow's pool as {@code LoadBalancingProxyClient} would set it up for one host, minus what a
   * balancer over many hosts needs: the pool never retries a refusing worker by itself (whether it
   * gets requests is the supervisor's and {@link WorkerClient}'s call), and a refused connection
   * fails the requests queued for it at once, so they can be retried on another worker.
   */
  private static final class PoolSettings implements ConnectionPoolManager {
    @Override
    public boolean isAvailable() {
      return true;
    }

    @Override
    public boolean handleError() {
      return false; // "the host is down": fail what is queued for it now
    }

    @Override
    public boolean clearError() {
      return true;
    }

    @Override
    public int getProblemServerRetry() {
      return -1; // no background reconnect attempts
    }

    @Override
    public int getMaxConnections() {
      return CONNECTIONS_PER_IO_THREAD;
    }

    @Override
    public int getMaxCachedConnections() {
      return CONNECTIONS_PER_IO_THREAD;
    }

    @Override
    public int getSMaxConnections() {
      return CONNECTIONS_PER_IO_THREAD;
    }

    @Override
    public long getTtl() {
      return -1; // idle connections stay until the worker closes them
    }

    @Override
    public int getMaxQueueSize() {
      return QUEUE;
    }
  }
}
