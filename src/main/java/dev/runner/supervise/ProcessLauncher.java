package dev.runner.supervise;

import dev.runner.config.RunnerConfig;
import dev.runner.process.Guardian;
import dev.runner.process.ProcessTree;
import dev.runner.process.ProcessTree.StopReport;
import dev.runner.process.Spawner;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Starts the real child: spawned through {@link Spawner} (so from the loop thread, which lives as
 * long as the runner), registered with the {@link Guardian}, watched for exit, and probed for
 * readiness on a short-lived thread of its own.
 */
final class ProcessLauncher implements Child.Launcher {
  static final Duration SETTLE = Duration.ofMillis(500);
  private static final long PROBE_INTERVAL_MS = 10;

  private final RunnerConfig config;
  private final Spawner spawner;
  private final Guardian guardian;
  private final Consumer<Event> post;
  private final Console console;

  ProcessLauncher(RunnerConfig config, Spawner spawner, Guardian guardian, Consumer<Event> post, Console console) {
    this.config = config;
    this.spawner = spawner;
    this.guardian = guardian;
    this.post = post;
    this.console = console;
  }

  @Override
  public Child start() throws IOException {
    config.port().ifPresent(port -> {
      if (accepts(port)) {
        console.warn("something else already listens on 127.0.0.1:" + port
            + "; the child may fail to bind it, and readiness cannot be told");
      }
    });
    // With reloading on the runner owns the terminal's input (for "rs"); the child reads nothing.
    Redirect in = config.reload() ? Redirect.from(new File("/dev/null")) : Redirect.INHERIT;
    Process p = spawner.start(config.command(), config.workDir(), Map.of(), in, Redirect.INHERIT, Redirect.INHERIT);
    ProcessTree tree = new ProcessTree(p.pid(), spawner.ownSession());
    if (guardian != null) {
      guardian.watch(tree.session());
    }
    long pid = p.pid();
    p.onExit().thenAccept(done -> post.accept(new Event.ChildExited(pid, done.exitValue())));
    Thread probe = new Thread(() -> probe(p), "ready-probe " + pid);
    probe.setDaemon(true);
    probe.start();
    return new ProcessChild(p, tree);
  }

  private void probe(Process p) {
    try {
      if (config.port().isEmpty()) {
        if (!p.waitFor(SETTLE.toMillis(), TimeUnit.MILLISECONDS)) {
          post.accept(new Event.ChildReady(p.pid()));
        }
        return;
      }
      int port = config.port().getAsInt();
      while (p.isAlive()) {
        if (accepts(port)) {
          post.accept(new Event.ChildReady(p.pid()));
          return;
        }
        p.waitFor(PROBE_INTERVAL_MS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 250);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private final class ProcessChild implements Child {
    private final Process process;
    private final ProcessTree tree;

    ProcessChild(Process process, ProcessTree tree) {
      this.process = process;
      this.tree = tree;
    }

    @Override
    public long pid() {
      return process.pid();
    }

    @Override
    public StopReport stop(Duration grace, BooleanSupplier forceNow) {
      StopReport r = tree.stop(grace, forceNow);
      if (r.survivors().isEmpty() && guardian != null) {
        guardian.release(tree.session());
      }
      return r;
    }
  }
}
