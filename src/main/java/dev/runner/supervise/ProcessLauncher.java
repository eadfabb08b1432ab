package dev.runner.supervise;

import dev.runner.cds.CdsCache;
import dev.runner.config.RunnerConfig;
import dev.runner.notify.NotifyServer;
import dev.runner.notify.Watchdog;
import dev.runner.process.Guardian;
import dev.runner.process.ProcessTree;
import dev.runner.process.ProcessTree.StopReport;
import dev.runner.process.Spawner;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Starts the real children: spawned through {@link Spawner} (so from the loop thread, which lives
 * as long as the runner), each told its port in {@code PORT} and its slot in {@code RUNNER_WORKER},
 * registered with the {@link Guardian}, watched for exit, and probed for readiness on a
 * short-lived thread of its own.
 */
final class ProcessLauncher implements Child.Launcher {
  static final Duration SETTLE = Duration.ofMillis(500);
  private static final long PROBE_INTERVAL_MS = 5;

  private final RunnerConfig config;
  private final Spawner spawner;
  private final Guardian guardian;
  private final Consumer<Event> post;
  private final Console console;
  private final CdsCache cds;
  private final NotifyServer notify;
  private final Map<String, Long> pidByChannel = new ConcurrentHashMap<>();
  private long launches;
  private volatile List<String> command;

  ProcessLauncher(RunnerConfig config, Spawner spawner, Guardian guardian, Consumer<Event> post, Console console,
      CdsCache cds, NotifyServer notify) {
    this.config = config;
    this.cds = cds;
    this.notify = notify;
    this.command = config.command();
    this.spawner = spawner;
    this.guardian = guardian;
    this.post = post;
    this.console = console;
  }

  @Override
  public Child start(int index) throws IOException {
    int port = config.proxy() ? freePort() : config.port().orElse(-1);
    if (!config.proxy() && port > 0 && accepts(port)) {
      console.warn("something else already listens on 127.0.0.1:" + port
          + "; the child may fail to bind it, and readiness cannot be told");
    }
    Map<String, String> env = new HashMap<>();
    if (port > 0) {
      env.put("PORT", Integer.toString(port));
    }
    env.put("RUNNER_WORKER", Integer.toString(index));
    String channel = "w" + index + "-" + (++launches);
    if (notify != null) {
      try {
        env.put(NotifyServer.ENV_SOCKET, notify.open(channel).toString());
        if (!config.timeoutNotify().isZero()) {
          env.put(Watchdog.ENV_USEC, Long.toString(Watchdog.usecFor(config.timeoutNotify())));
        }
      } catch (IOException | RuntimeException e) {
        console.debug("no notify socket for worker " + index + ": " + e.getMessage());
        channel = null;
      }
    }
    // With reloading on the runner owns the terminal's input (for "rs"); the child reads nothing.
    Redirect in = config.reload() ? Redirect.from(new File("/dev/null")) : Redirect.INHERIT;
    List<String> command = cds == null ? this.command : cds.command(this.command, config.workDir());
    Process p;
    ProcessTree tree;
    try {
      Redirect out = config.workers() > 1 ? Redirect.PIPE : Redirect.INHERIT;
      Spawner.Spawned s = spawner.spawn("w" + index, command, config.workDir(), env, in, out, out);
      p = s.process();
      tree = s.tree();
    } catch (IOException e) {
      if (channel != null) {
        notify.close(channel);
      }
      throw e;
    }
    if (channel != null) {
      pidByChannel.put(channel, p.pid());
    }
    if (config.workers() > 1) {
      OutputPump.start(p.getInputStream(), System.out, index, p.pid(), "out");
      OutputPump.start(p.getErrorStream(), System.err, index, p.pid(), "err");
    }
    if (guardian != null) {
      guardian.watch(tree.session());
    }
    long pid = p.pid();
    p.onExit().thenAccept(done -> post.accept(new Event.ChildExited(pid, done.exitValue())));
    Thread probe = new Thread(() -> probe(p, port), "ready-probe " + pid);
    probe.setDaemon(true);
    probe.start();
    return new ProcessChild(p, tree, port, index, channel);
  }

  /** From the next start on, children run this command (--maven: the class path changed). */
  void command(List<String> next) {
    this.command = List.copyOf(next);
  }

  /** Which child a notify channel belongs to. */
  Optional<Long> pidFor(String channel) {
    return Optional.ofNullable(pidByChannel.get(channel));
  }

  @Override
  public void requestThreadDump(Child child) {
    try {
      Process kill = new ProcessBuilder("kill", "-s", "QUIT", Long.toString(child.pid()))
          .redirectErrorStream(true).redirectOutput(Redirect.DISCARD).start();
      kill.waitFor(2, TimeUnit.SECONDS);
    } catch (IOException e) {
      console.debug("cannot send SIGQUIT to " + child.pid() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public StopReport stopAll(List<Child> children, Duration grace, BooleanSupplier forceNow) {
    List<ProcessTree> trees = children.stream().map(c -> ((ProcessChild) c).tree).toList();
    StopReport r = ProcessTree.stopAll(trees, grace, forceNow);
    for (Child c : children) {
      String channel = ((ProcessChild) c).channel;
      if (channel != null) {
        notify.close(channel);
        pidByChannel.remove(channel);
      }
    }
    if (r.survivors().isEmpty() && guardian != null) {
      trees.forEach(t -> guardian.release(t.session()));
    }
    return r;
  }

  private void probe(Process p, int port) {
    try {
      if (port <= 0) {
        if (!p.waitFor(SETTLE.toMillis(), TimeUnit.MILLISECONDS)) {
          post.accept(new Event.ChildReady(p.pid()));
        }
        return;
      }
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

  /** A loopback port nobody listens on right now (the kernel's choice), for one worker. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
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

  private static final class ProcessChild implements Child {
    private final Process process;
    private final ProcessTree tree;
    private final int port;
    private final int index;
    private final String channel;

    ProcessChild(Process process, ProcessTree tree, int port, int index, String channel) {
      this.process = process;
      this.channel = channel;
      this.tree = tree;
      this.port = port;
      this.index = index;
    }

    @Override
    public long pid() {
      return process.pid();
    }

    @Override
    public int port() {
      return port;
    }

    @Override
    public int index() {
      return index;
    }
  }
}
