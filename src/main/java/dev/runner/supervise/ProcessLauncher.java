package dev.runner.supervise;

import dev.runner.apps.Frameworks;
import dev.runner.apps.Terminal;
import dev.runner.cds.CdsCache;
import dev.runner.cds.JavaCommand;
import dev.runner.config.RunnerConfig;
import dev.runner.notify.NotifyServer;
import dev.runner.notify.Watchdog;
import dev.runner.process.Guardian;
import dev.runner.process.ProcessTree;
import dev.runner.process.ProcessTree.StopReport;
import dev.runner.process.Spawner;
import dev.runner.standby.Standby;
import dev.runner.standby.StandbyJar;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

  private final RunnerConfig config;
  private final Spawner spawner;
  private final Guardian guardian;
  private final Consumer<Event> post;
  private final Console console;
  private final CdsCache cds;
  private final NotifyServer notify;
  private final Map<String, Long> pidByChannel = new ConcurrentHashMap<>();
  private final Path cacheRoot;
  private final Map<Integer, Waiting> standbys = new HashMap<>();
  private Path standbyJar;
  private boolean standbyOff;
  /** The last start was CDS's recording run, whose class list is complete only once it has stopped. */
  private boolean recording;
  private long launches;
  private volatile List<String> command;
  /** What the command's class path holds (Spring Boot, DevTools, Actuator), for the settings the child gets. */
  private volatile Frameworks frameworks;
  private final boolean colour = Terminal.wantsColour(System.getenv());
  /** The port a child's tree was last found listening on instead of its PORT; -1: none yet. */
  private volatile int discovered = -1;

  ProcessLauncher(RunnerConfig config, Spawner spawner, Guardian guardian, Consumer<Event> post, Console console,
      CdsCache cds, NotifyServer notify, Path cacheRoot) {
    this.config = config;
    this.cacheRoot = cacheRoot;
    this.cds = cds;
    this.notify = notify;
    command(config.command());
    this.spawner = spawner;
    this.guardian = guardian;
    this.post = post;
    this.console = console;
  }

  /** A worker's environment and notify channel, made for one start (or one standby). */
  private record Setting(int port, Map<String, String> env, String channel) {}

  /** A JVM started ahead for a slot, waiting on its stdin for "go" (see {@link Standby}). */
  private record Waiting(Process process, ProcessTree tree, Setting setting, List<String> command, String classpath) {}

  @Override
  public Child start(int index) throws IOException {
    List<String> command = command();
    recording = CdsCache.records(command);
    Waiting waiting = standbys.remove(index);
    if (waiting != null) {
      Child c = go(waiting, index, command);
      if (c != null) {
        return c;
      }
    }
    Setting setting = setting(index, false);
    // With reloading on the runner owns the terminal's input (for "rs"); the child reads nothing.
    Redirect in = config.reload() ? Redirect.from(new File("/dev/null")) : Redirect.INHERIT;
    Spawner.Spawned s = spawn("w" + index, command, setting, in, index);
    return begin(s.process(), s.tree(), setting, index);
  }

  /** The command a child is started with now: the configured one, with CDS options when they apply. */
  private List<String> command() {
    return cds == null ? this.command : cds.command(this.command, config.workDir());
  }

  /** {@code standby}: for a JVM that binds only after "go", once the current worker is gone from the port. */
  private Setting setting(int index, boolean standby) throws IOException {
    int port = config.proxy() ? freePort() : config.port().orElse(-1);
    if (!standby && !config.proxy() && port > 0 && accepts(port)) {
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
    String channel = "w" + index + "-" + (++launches);
    if (notify == null) {
      return new Setting(port, env, null);
    }
    try {
      env.put(NotifyServer.ENV_SOCKET, notify.open(channel).toString());
      if (!config.timeoutNotify().isZero()) {
        env.put(Watchdog.ENV_USEC, Long.toString(Watchdog.usecFor(config.timeoutNotify())));
      }
      return new Setting(port, env, channel);
    } catch (IOException | RuntimeException e) {
      console.debug("no notify socket for worker " + index + ": " + e.getMessage());
      return new Setting(port, env, null);
    }
  }

  /** Spawns a marked tree with the worker's output handling and the guardian's watch; not yet begun. */
  private Spawner.Spawned spawn(String label, List<String> command, Setting setting, Redirect in, int index)
      throws IOException {
    Spawner.Spawned s;
    try {
      Redirect out = config.workers() > 1 ? Redirect.PIPE : Redirect.INHERIT;
      // a Maven app runs in its module's directory, as spring-boot:run and exec:java run it
      Path dir = config.maven().map(m -> m.app().dir()).orElse(config.workDir());
      s = spawner.spawn(label, command, dir, setting.env(), in, out, out);
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
  private Child begin(Process p, ProcessTree tree, Setting setting, int index) {
    long pid = p.pid();
    p.onExit().thenAccept(done -> post.accept(new Event.ChildExited(pid, done.exitValue())));
    ProcessChild child = new ProcessChild(p, tree, setting.port(), index, setting.channel());
    Runnable probe = setting.port() > 0
        ? new ReadinessProbe(p, plan(setting.port()), post, console, port -> {
          child.port = port;
          discovered = port;
        }, why -> child.why = why)
        : () -> settle(p);
    Thread t = new Thread(probe, "ready-probe " + pid);
    t.setDaemon(true);
    t.start();
    return child;
  }

  /**
   * Starts slot {@code index}'s next JVM ahead (see {@link Standby}), unless standbys are off,
   * the command is not {@code java -cp ... MAIN}, or CDS is recording its class list (a run that
   * must see the app's own start).
   */
  @Override
  public void prepare(int index) {
    if (standbyOff || recording || standbys.containsKey(index)) { // whether at all: the supervisor's call
      return; // while CDS records its class list the next start must dump the archive first
    }
    List<String> base = this.command; // one snapshot: --maven may replace it from another thread
    List<String> jvmOptions = new ArrayList<>(base);
    for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) { // JVM and launcher add them
      jvmOptions.addAll(List.of(System.getenv().getOrDefault(variable, "").trim().split("\\s+")));
    }
    Optional<String> early = jvmOptions.stream().filter(ProcessLauncher::actsAtJvmStart).findFirst();
    if (early.isPresent()) {
      standbyOff(early.get() + " acts when the JVM starts, before main: in a standby it would run (or bind a port,"
          + " or write a file) while the current child still runs");
      return;
    }
    List<String> command = cds == null ? base : cds.command(base, config.workDir());
    if (CdsCache.records(command)) {
      return; // the class path's archive is new (a jar changed): the next start records its list
    }
    Path jar = standbyJar();
    if (jar == null) {
      return;
    }
    String list = cds == null ? "-" : cds.classList(base, config.workDir()).map(Path::toString).orElse("-");
    Optional<List<String>> argv = JavaCommand.withFirstOption(command, "-javaagent:" + jar + "=" + list);
    if (argv.isEmpty()) {
      standbyOff("the command is not of the form 'java ... -cp CLASSPATH MAIN'");
      return;
    }
    try {
      Setting setting = setting(index, true);
      Spawner.Spawned s = spawn("w" + index, argv.get(), setting, Redirect.PIPE, index);
      standbys.put(index, new Waiting(s.process(), s.tree(), setting, command, classpathState(base)));
      console.debug("worker " + index + ": standby JVM pid " + s.process().pid() + " started ahead"
          + (list.equals("-") ? "" : ", loading its dependency classes"));
    } catch (IOException e) {
      standbyOff("cannot start one: " + e.getMessage());
    }
  }

  /**
   * Tells a standby to run the app, if it still fits: alive, its port still free, and made for the
   * command and class path of now (a --maven class path change, a new CDS archive, a rebuilt jar or
   * a class directory that appeared make it stale). Null: it was discarded, and the caller starts a
   * fresh JVM.
   */
  private Child go(Waiting w, int index, List<String> command) {
    if (!w.process().isAlive()) {
      int status = w.process().exitValue();
      String what = "the standby JVM for worker " + index + " (pid " + w.process().pid() + ") exited with status "
          + status + " before it was needed";
      if (status > 128) {
        console.debug(what + " (killed from outside); starting a fresh JVM"); // and preparing another later
      } else {
        standbyOff(what); // it cannot start here (an older java than the standby's class file, say)
      }
      discard(w);
      return null;
    }
    if (config.proxy() && !bindable(w.setting().port())) {
      // its port was picked when it started; since then some connection may have taken it
      console.debug("worker " + index + ": the port of standby JVM pid " + w.process().pid() + " is taken meanwhile;"
          + " starting a fresh one");
      discard(w);
      return null;
    }
    if (!w.command().equals(command) || !w.classpath().equals(classpathState(this.command))) {
      console.debug("worker " + index + ": standby JVM pid " + w.process().pid() + " is stale (its command or class path"
          + " changed since it started); starting a fresh one");
      discard(w);
      return null;
    }
    try (OutputStream in = w.process().getOutputStream()) {
      in.write((Standby.GO + "\n").getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      discard(w); // it died just now; a fresh start follows
      return null;
    }
    console.debug("worker " + index + ": standby JVM pid " + w.process().pid() + " runs the app");
    return begin(w.process(), w.tree(), w.setting(), index);
  }

  @Override
  public String prepared(int index) {
    Waiting w = standbys.get(index);
    return w == null ? "" : "standby JVM pid " + w.process().pid() + (w.process().isAlive() ? " waiting" : " gone");
  }

  @Override
  public void discardPrepared() {
    List<Waiting> all = new ArrayList<>(standbys.values());
    standbys.clear();
    all.forEach(this::discard);
  }

  /** Ends a standby that will not be used: it has run nothing of the app, so SIGKILL loses nothing. */
  private void discard(Waiting w) {
    ProcessTree.stopAll(List.of(w.tree()), Duration.ZERO, () -> true);
    if (w.setting().channel() != null) {
      notify.close(w.setting().channel());
      pidByChannel.remove(w.setting().channel());
    }
    if (guardian != null) {
      guardian.release(w.tree().session());
    }
  }

  private void standbyOff(String why) {
    if (!standbyOff) {
      standbyOff = true;
      console.debug("standby JVMs off: " + why);
    }
  }

  /**
   * JVM options that act when the JVM starts, before main, so that in a standby they would act
   * beside the current child: agents (a debugger's JDWP binds its port at once), the JMX agent, a
   * custom system class loader or security manager (app code the JVM instantiates at start), and
   * logs and recordings written to a file (a JVM rotates {@code -Xlog:...:file=} at start, taking
   * the live worker's log away).
   */
  static boolean actsAtJvmStart(String arg) {
    return arg.startsWith("-javaagent:") || arg.startsWith("-agentlib:") || arg.startsWith("-agentpath:")
        || arg.startsWith("-Xrun") || arg.startsWith("-Dcom.sun.management.jmxremote")
        || arg.startsWith("-Djava.system.class.loader=")
        || arg.startsWith("-Djava.security.manager=") && !arg.endsWith("=allow") && !arg.endsWith("=disallow")
        || arg.startsWith("-Xlog") && arg.contains("file=") || arg.startsWith("-Xloggc:")
        || arg.startsWith("-XX:StartFlightRecording") || arg.startsWith("-XX:LogFile=")
        || arg.equals("-XX:+LogVMOutput") || arg.startsWith("-verbose");
  }

  /** The standby's jar under the cache directory, written once; null (standbys off) if it cannot be. */
  private Path standbyJar() {
    if (standbyJar == null) {
      try {
        standbyJar = StandbyJar.ensure(cacheRoot);
      } catch (IOException | RuntimeException e) {
        standbyOff("cannot write " + cacheRoot.resolve("standby") + ": " + e.getMessage());
      }
    }
    return standbyJar;
  }

  /** See {@link JavaCommand#classpathState}. */
  private String classpathState(List<String> argv) {
    return JavaCommand.parse(argv, config.workDir()).map(j -> j.classpathState(config.workDir())).orElse("");
  }

  /**
   * From the next start on, children run this command (--maven: the class path changed), with the
   * settings its frameworks need in development (see {@link Frameworks#command}).
   */
  void command(List<String> next) {
    Frameworks f = Frameworks.of(next, config.workDir());
    this.frameworks = f;
    this.command = List.copyOf(f.command(next, System.getenv()));
  }

  /** How the probe tells this child is ready, and which of its tree's ports are not the app's. */
  private ReadinessProbe.Plan plan(int port) {
    Frameworks f = frameworks;
    java.util.Set<Integer> ignored = f.portsNotTheApps(command, System.getenv());
    return new ReadinessProbe.Plan(port, config.proxy(), config.port().orElse(-1),
        config.app().readyPath().or(f::readyPath), ignored, discovered);
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

  /** A loopback port nobody listens on right now (the kernel's choice), for one worker. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Whether a server could listen on this loopback port right now. */
  static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true); // as servers do, so a connection of the last worker in TIME_WAIT does not count
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
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
    /** Where it serves: its PORT, or the port its tree listens on instead (set by the probe before it is ready). */
    volatile int port;
    /** What it is not ready for yet, for the --timeout-start message. */
    volatile String why = "";
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

    @Override
    public String notReadyWhy() {
      return why;
    }
  }
}
