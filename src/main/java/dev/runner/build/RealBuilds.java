package dev.runner.build;

import dev.runner.process.Guardian;
import dev.runner.watch.ChangeSet;
import java.io.IOException;
import java.util.function.Consumer;

/** {@link Builds} backed by {@link BuildStep}: one build at a time, guarded like a child. */
public final class RealBuilds implements Builds {
  private final BuildStep step;
  private final Guardian guardian;
  private final Listener listener;
  private final Consumer<String> live;
  private volatile BuildStep.Running running;

  /** {@code live}, if not null, gets each output line as it comes (for {@code -v}). */
  public RealBuilds(BuildStep step, Guardian guardian, Listener listener, Consumer<String> live) {
    this.step = step;
    this.guardian = guardian;
    this.listener = listener;
    this.live = live;
  }

  @Override
  public String command() {
    return step.command();
  }

  @Override
  public void start(long id, ChangeSet changes) throws IOException {
    Object lock = new Object();
    boolean[] finished = {false};
    BuildStep.Running r = step.start(result -> {
      synchronized (lock) {
        finished[0] = true;
        BuildStep.Running self = running;
        if (guardian != null && self != null) {
          guardian.release(self.session());
        }
      }
      listener.finished(id, result);
    }, live);
    synchronized (lock) {
      running = r;
      if (guardian != null && !finished[0]) {
        guardian.watch(r.session());
      }
    }
  }

  @Override
  public void cancel() {
    BuildStep.Running r = running;
    if (r != null) {
      r.cancel();
    }
  }
}
