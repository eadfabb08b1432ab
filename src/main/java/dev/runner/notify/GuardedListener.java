package dev.runner.notify;

import java.util.concurrent.TimeUnit;

/**
 * The consumer's {@link NotifyServer.Listener} as the notify thread sees it: a listener that
 * throws cannot take the thread down, and warnings pass a {@link WarningGate} (a burst of 10,
 * then one per 10 s), so a hostile client cannot flood the runner's log.
 */
final class GuardedListener implements NotifyServer.Listener {
  private final NotifyServer.Listener listener;
  private final WarningGate gate = new WarningGate(10, TimeUnit.SECONDS.toNanos(10), System.nanoTime());

  GuardedListener(NotifyServer.Listener listener) {
    this.listener = listener;
  }

  @Override
  public void message(String channelKey, String key, String value) {
    try {
      listener.message(channelKey, key, value);
    } catch (RuntimeException e) {
      warning(channelKey, "the notify listener failed on " + key + ": " + e);
    }
  }

  @Override
  public synchronized void warning(String channelKey, String text) {
    gate.admit(text, System.nanoTime()).ifPresent(admitted -> {
      try {
        listener.warning(channelKey, admitted);
      } catch (RuntimeException ignored) {
        // Nowhere left to report it.
      }
    });
  }
}
