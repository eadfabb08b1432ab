package dev.runner.supervise;

import dev.runner.proxy.FrontProxy;
import java.time.Duration;
import java.util.Collection;
import java.util.function.BooleanSupplier;

/** {@link Front} backed by the real {@link FrontProxy}. */
final class ProxyFront implements Front {
  private final FrontProxy proxy;

  ProxyFront(FrontProxy proxy) {
    this.proxy = proxy;
  }

  @Override
  public void route(long pid, int port, int requestLimit) {
    proxy.route(pid, port, requestLimit);
  }

  @Override
  public void unroute(long pid) {
    proxy.unroute(pid);
  }

  @Override
  public void forget(long pid) {
    proxy.forget(pid);
  }

  @Override
  public boolean awaitIdle(Collection<Long> pids, Duration max, BooleanSupplier forceNow) {
    return proxy.awaitIdle(pids, max, forceNow);
  }

  @Override
  public int served(long pid) {
    return proxy.served(pid);
  }
}
