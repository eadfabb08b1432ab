package dev.runner.supervise;

import dev.runner.build.BuildStep;
import dev.runner.process.Guardian;
import java.io.IOException;
import java.util.function.Consumer;

/** {@link Builds} backed by {@link BuildStep}: one build at a time, guarded like a child. */
final class RealBuilds implements Builds {
  private final BuildStep step;
  private final Guardian guardian;
  private final Consumer<Event> post;
  private final Console console;
  private volatile BuildStep.Running running;

  RealBuilds(BuildStep step, Guardian guardian, Consumer<Event> post, Console console) {
    this.step = step;
    this.guardian = guardian;
    this.post = post;
    this.console = console;
  }

  @Override
  public String command() {
    return step.command();
  }

  @Override
  public void start(long id, dev.runner.watch.ChangeSet changes) throws IOException {
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
      post.accept(new Event.BuildFinished(id, result));
    }, console.verbose() ? line -> console.debug("build: " + line) : null);
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
