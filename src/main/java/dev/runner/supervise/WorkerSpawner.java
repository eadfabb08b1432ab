package dev.runner.supervise;

import dev.runner.apps.DebuggerPort;
import dev.runner.apps.Frameworks;
import dev.runner.apps.Terminal;
import dev.runner.cds.JavaCommand;
import dev.runner.config.RunnerConfig;
import dev.runner.hotswap.HotswapJar;
import dev.runner.notify.NotifyServer;
import dev.runner.notify.Watchdog;
import dev.runner.process.Guardian;
import dev.runner.process.ProcessTree;
import dev.runner.process.Spawner;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Makes worker processes: each gets a {@link Setting} (its port in {@code PORT}, its slot in
 * {@code RUNNER_WORKER}, the settings its frameworks need, a notify channel), is spawned through
 * {@link Spawner} (so from the loop thread, which lives as long as the runner) and registered with
 * the {@link Guardian}; once {@link #begin begun} its exit is reported and its readiness probed on a
 * short-lived thread of its own.
 */
final class WorkerSpawner {
  static final Duration SETTLE = Duration.ofMillis(500);

  /**
   * A worker's environment and notify channel, made for one start (or one standby); {@code debugger}:
   * the port its JDWP agent gets instead of "any port" ({@link DebuggerPort}), -1 for none.
   */
  record Setting(int port, Map<String, String> env, String channel, int debugger) {}

  private final RunnerConfig config;
  private final Spawner spawner;
  private final Guardian guardian;
  private final Consumer<Event> post;
  private final Console console;
  private final NotifyServer notify;
  /** {@code -javaagent:...runner-hotswap.jar} with --hotswap, else null. */
  private final String hotswapAgent;
  private boolean hotswapRefused;
  private final Map<String, Long> pidByChannel = new ConcurrentHashMap<>();
  private long launches;
  private volatile List<String> command;
  /** What the command's class path holds (Spring Boot, DevTools, Actuator), for the settings the child gets. */
  private volatile Frameworks frameworks;
  private final boolean colour = Terminal.wantsColour(System.getenv());
  /** The port a child's tree was last found listening on instead of its PORT; -1: none yet. */
  private volatile int discovered = -1;

  WorkerSpawner(RunnerConfig config, Spawner spawner, Guardian guardian, Consumer<Event> post, Console console,
      NotifyServer notify, Path cacheRoot) {
    this.config = config;
    this.notify = notify;
    this.spawner = spawner;
    this.guardian = guardian;
    this.post = post;
    this.console = console;
    this.hotswapAgent = config.jvm().hotswap() && config.reload() ? hotswapAgent(cacheRoot, notify, console) : null;
    command(config.command());
  }

  /** The agent option, or null (said why) when it cannot work: the agent talks over the notify socket. */
  private static String hotswapAgent(Path cacheRoot, NotifyServer notify, Console console) {
    if (notify == null) {
      console.warn("--hotswap needs the notify socket, which could not be opened; every change restarts");
      return null;
    }
    try {
      return "-javaagent:" + HotswapJar.ensure(cacheRoot);
    } catch (IOException | RuntimeException e) {
      console.warn("--hotswap: cannot write the agent's jar under " + cacheRoot + " (" + e.getMessage()
          + "); every change restarts");
      return null;
    }
  }

  /** The hotswap agent's option as children get it, or null: it starts only a thread, so it may run in a standby. */
  String hotswapAgent() {
    return hotswapAgent;
  }

  /**
   * From the next start on, children run this command (--maven: the class path changed), with the
   * settings its frameworks need in development (see {@link Frameworks#command}).
   */
  void command(List<String> next) {
    Frameworks f = Frameworks.of(next, config.workDir());
    this.frameworks = f;
    List<String> argv = f.command(next, System.getenv());
    if (hotswapAgent != null) {
      Optional<List<String>> with = JavaCommand.withFirstOption(argv, hotswapAgent);
      if (with.isPresent()) {
        argv = with.get();
      } else if (!hotswapRefused) {
        hotswapRefused = true;
        console.warn("--hotswap works for a 'java ... -cp CLASSPATH MAIN' command only; every change restarts");
      }
    }
    this.command = List.copyOf(argv);
  }

  /** The command children run now, before CDS options; one snapshot (--maven may replace it from another thread). */
  List<String> command() {
    return command;
  }

  /** {@code standby}: for a JVM that binds only after "go", once the current worker is gone from the port. */
  Setting setting(int index, boolean standby) throws IOException {
    int port = config.proxy() ? LoopbackPorts.freePort() : config.port().orElse(-1);
    if (!standby && !config.proxy() && port > 0 && LoopbackPorts.accepts(port)) {
      console.warn("something else already listens on 127.0.0.1:" + port
          + "; the child may fail to bind it, and readiness cannot be told");
    }
    Map<String, String> env = new HashMap<>();
    if (port > 0) {
      env.put("PORT", Integer.toString(port));
    }
    env.putAll(frameworks.env(System.getenv(), port, config.proxy(), colour));
    env.put("RUNNER_WORKER", Integer.toString(index));
    if (config.proxy()) {
      // PORT is then the worker's own, internal port; this is the address users open
      env.put("RUNNER_URL", "http://" + config.host() + ":" + config.port().getAsInt());
    }
    int debugger = -1;
    if (DebuggerPort.anyPort(command, System.getenv())) {
      debugger = LoopbackPorts.freePort();
      env.putAll(DebuggerPort.pinVariables(System.getenv(), debugger));
    }
    String channel = "w" + index + "-" + (++launches);
    if (notify == null) {
      return new Setting(port, env, null, debugger);
    }
    try {
      env.put(NotifyServer.ENV_SOCKET, notify.open(channel).toString());
      if (!config.timeoutNotify().isZero()) {
        env.put(Watchdog.ENV_USEC, Long.toString(Watchdog.usecFor(config.timeoutNotify())));
      }
      return new Setting(port, env, channel, debugger);
    } catch (IOException | RuntimeException e) {
      console.debug("no notify socket for worker " + index + ": " + e.getMessage());
      return new Setting(port, env, null, debugger);
    }
  }

  /** Spawns a marked tree with the worker's output handling and the guardian's watch; not yet begun. */
  Spawner.Spawned spawn(String label, List<String> command, Setting setting, Redirect in, int index)
      throws IOException {
    Spawner.Spawned s;
    try {
      Redirect out = config.workers() > 1 ? Redirect.PIPE : Redirect.INHERIT;
      // a Maven app runs in its module's directory, as spring-boot:run and exec:java run it
      Path dir = config.maven().map(m -> m.app().dir()).orElse(config.workDir());
      List<String> argv = setting.debugger() > 0 ? DebuggerPort.pin(command, setting.debugger()) : command;
      s = spawner.spawn(label, argv, dir, setting.env(), in, out, out);
    } catch (IOException e) {
      if (setting.channel() != null) {
        notify.close(setting.channel());
      }
      throw e;
    }
    Process p = s.process();
    if (setting.channel() != null) {
      pidByChannel.put(setting.channel(), p.pid());
    }
    if (config.workers() > 1) {
      OutputPump.start(p.getInputStream(), System.out, index, p.pid(), "out");
      OutputPump.start(p.getErrorStream(), System.err, index, p.pid(), "err");
    }
    if (guardian != null) {
      guardian.watch(s.tree().session());
    }
    return s;
  }

  /** From here on the process is a worker: its exit is reported and its readiness probed. */
  Child begin(Process p, ProcessTree tree, Setting setting, int index) {
    long pid = p.pid();
    p.onExit().thenAccept(done -> post.accept(new Event.ChildExited(pid, done.exitValue())));
    ProcessChild child = new ProcessChild(p, tree, setting.port(), index, setting.channel());
    Runnable probe = setting.port() > 0
        ? new ReadinessProbe(p, plan(setting), post, console, port -> {
          child.port = port;
          discovered = port;
        }, why -> child.why = why)
        : () -> settle(p);
    Thread t = new Thread(probe, "ready-probe " + pid);
    t.setDaemon(true);
    t.start();
    return child;
  }

  /** How the probe tells this child is ready, and which of its tree's ports are not the app's. */
  private ReadinessProbe.Plan plan(Setting setting) {
    Frameworks f = frameworks;
    Set<Integer> ignored = new HashSet<>(f.portsNotTheApps(command, System.getenv()));
    if (setting.debugger() > 0) {
      ignored.add(setting.debugger());
    }
    return new ReadinessProbe.Plan(setting.port(), config.proxy(), config.port().orElse(-1),
        config.app().readyPath().or(f::readyPath), ignored, discovered);
  }

  /** Without a port a child is ready once it has stayed up {@link #SETTLE}. */
  private void settle(Process p) {
    try {
      if (!p.waitFor(SETTLE.toMillis(), TimeUnit.MILLISECONDS)) {
        post.accept(new Event.ChildReady(p.pid()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Which child a notify channel belongs to. */
  Optional<Long> pidFor(String channel) {
    return Optional.ofNullable(pidByChannel.get(channel));
  }

  /** The worker is gone (or never began): its notify channel closes. */
  void closeChannel(String channel) {
    notify.close(channel);
    pidByChannel.remove(channel);
  }

  /** The tree is gone: the guardian need not watch it any more. */
  void release(ProcessTree tree) {
    if (guardian != null) {
      guardian.release(tree.session());
    }
  }
}
