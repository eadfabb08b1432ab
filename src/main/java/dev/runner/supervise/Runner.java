package dev.runner.supervise;

import dev.runner.apps.NoRestart;
import dev.runner.build.BuildStep;
import dev.runner.build.Builds;
import dev.runner.build.JavacBuilds;
import dev.runner.build.JavacSetup;
import dev.runner.build.ModelBuilds;
import dev.runner.build.RealBuilds;
import dev.runner.cds.CdsCache;
import dev.runner.cds.JavaCommand;
import dev.runner.config.Durations;
import dev.runner.config.RunnerConfig;
import dev.runner.control.ControlSurface;
import dev.runner.hotswap.HotswapClient;
import dev.runner.hotswap.SwapDecision;
import dev.runner.notify.NotifyServer;
import dev.runner.process.Guardian;
import dev.runner.process.Spawner;
import dev.runner.project.PomWatch;
import dev.runner.proxy.FrontProxy;
import dev.runner.watch.PathFilter;
import dev.runner.watch.PathNames;
import dev.runner.watch.TreeWatcher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Wires the real parts around a {@link Supervisor} and runs it: what {@code runner} does after parsing. */
public final class Runner {
  private Runner() {}

  /** The resource roots (watched directories on COMMAND's class path that --javac does not write to) and their globs. */
  private static NoRestart noRestart(RunnerConfig config) {
    List<Path> classpath = JavaCommand.parse(config.command(), config.workDir()).map(j -> j.classpath().stream()
        .filter(e -> !e.endsWith("*")).map(e -> config.workDir().resolve(e).toAbsolutePath().normalize()).toList())
        .orElse(List.of());
    Optional<Path> out = config.javac() ? JavacSetup.classDir(config, classpath) : Optional.empty();
    return new NoRestart(config.watch(), classpath, out, config.app().noRestart(), config.workDir());
  }

  /** The directories on COMMAND's class path: where the classes a swap replaces are loaded from. */
  private static List<Path> classDirs(RunnerConfig config) {
    return JavaCommand.parse(config.command(), config.workDir()).map(j -> j.classpath().stream()
        .filter(e -> !e.endsWith("*") && !e.endsWith(".jar")).map(e -> config.workDir().resolve(e).toAbsolutePath()
            .normalize()).toList()).orElse(List.of());
  }

  /** Redefinitions go to the agent on the worker's own notify channel (a standby's becomes the worker's on "go"). */
  private static Hotswaps.Redefiner redefiner(HotswapClient client) {
    return new Hotswaps.Redefiner() {
      @Override
      public HotswapClient.Request redefine(Child child, List<SwapDecision.SwapClass> classes) {
        String channel = child instanceof ProcessChild p ? p.channel : null;
        return channel != null ? client.redefine(channel, classes) : new HotswapClient.Request(-1,
            CompletableFuture.completedFuture(new HotswapClient.Failed("pid " + child.pid() + " has no notify channel")));
      }

      @Override
      public void abandon(long requestId, String reason) {
        client.abandon(requestId, reason);
      }
    };
  }

  public static int run(RunnerConfig config, PrintWriter err, Map<String, String> env) {
    Console console = new Console(err, config.verbosity(), Console.colourWanted(env));
    Supervisor[] self = new Supervisor[1];
    IdleTrim trim = IdleTrim.gcAndNative();
    // what the runner's own parts post is a burst's activity; a child's notify messages are not (a
    // watchdog beats all the time), so they go to the supervisor directly
    Consumer<Event> post = e -> {
      trim.activity();
      self[0].post(e);
    };
    Builds.Listener built = (id, result) -> post.accept(new Event.BuildFinished(id, result));
    // what can fail on the user's input first, before any process is started
    Builds javac = null;
    if (config.javac()) {
      try {
        javac = config.maven().isPresent() ? ModelBuilds.of(config.maven().get().model(), built, console::debug)
            : new JavacBuilds(JavacSetup.create(config), built);
      } catch (IllegalArgumentException | IOException e) {
        err.println("runner: " + e.getMessage());
        trim.close();
        return 2;
      }
    }
    FrontProxy proxy = null;
    if (config.proxy()) {
      try {
        proxy = new FrontProxy(config.host(), config.port().getAsInt(), config.holdTimeout(),
            pid -> self[0].post(new Event.RequestLimit(pid)), config.liveReload());
      } catch (RuntimeException e) {
        err.println("runner: cannot listen on " + config.host() + ":" + config.port().getAsInt() + ": "
            + rootMessage(e));
        if (javac != null) {
          javac.close();
        }
        trim.close();
        return 2;
      }
      if (!isLoopback(config.host())) {
        console.warn("listening on " + config.host() + ":" + config.port().getAsInt()
            + ": the app is reachable from other machines");
      }
    }
    Spawner spawner = Spawner.detect();
    spawner.reportLimitations(console::debug);
    Guardian guardian = Guardian.start(spawner.markPrefix());
    if (guardian == null) {
      console.debug("no guardian process (sh/setsid missing): a SIGKILLed runner may leave grandchildren");
    }
    FrontProxy front = proxy;
    ProcessLauncher[] launcher = new ProcessLauncher[1];
    HotswapClient[] hotswap = new HotswapClient[1];
    NotifyServer notify = startNotify(console, (channel, key, value) -> {
      HotswapClient client = hotswap[0];
      if (client != null && client.offer(channel, key, value)) {
        return; // an agent's answer: the request's future, not the supervisor, hears it
      }
      launcher[0].pidFor(channel).ifPresent(pid -> self[0].post(new Event.Notified(pid, key, value)));
    });
    launcher[0] = new ProcessLauncher(config, spawner, guardian, post, console,
        config.cds() ? new CdsCache(CdsCache.defaultRoot(env), console::debug, spawner::argv) : null, notify,
        CdsCache.defaultRoot(env).getParent());
    Supervisor supervisor = new Supervisor(
        config,
        launcher[0],
        javac != null ? Optional.<Builds>of(javac)
            : config.build().map(cmd -> new RealBuilds(new BuildStep(cmd, config.workDir(), spawner), guardian,
                built, console.verbose() ? line -> console.debug("build: " + line) : null)),
        Optional.ofNullable(front).map(ProxyFront::new),
        console,
        new Supervisor.Clock() {
          @Override
          public long nanoTime() {
            return System.nanoTime();
          }

          @Override
          public long wallMillis() {
            return System.currentTimeMillis();
          }
        },
        Runner::mtime,
        bound -> ThreadLocalRandom.current().nextInt(bound));
    self[0] = supervisor;
    NoRestart noRestart = javac instanceof ModelBuilds model ? noRestart(config).plus(model.copiedRoots())
        : noRestart(config);
    supervisor.noRestart(noRestart::why);
    if (launcher[0].hotswapAgent() != null) {
      hotswap[0] = new HotswapClient(notify, notify.directory());
      supervisor.hotswap(classDirs(config), redefiner(hotswap[0]));
    }
    if (!noRestart.roots().isEmpty()) {
      console.debug("no restart for " + String.join(" ", config.app().noRestart()) + " below "
          + noRestart.roots().stream().map(r -> config.workDir().relativize(r).toString()).collect(Collectors.joining(", ")));
    }
    ControlSurface control = ControlSurface.open(config.workDir(), env, supervisor::statusSnapshot,
        () -> supervisor.post(new Event.ManualRestart("restart requested (POST /_runner/restart)")),
        front != null && isLoopback(config.host()) ? OptionalInt.of(config.port().getAsInt())
            : OptionalInt.empty(),
        console::warn);
    supervisor.events(control.state());
    if (front != null) {
      front.control(control.handler());
      control.state().requestCounts(front::served);
      front.onRequest(trim::activity);
    }
    Signals.install(supervisor::post, console);
    if (config.exitWithParent()) {
      watchParent(supervisor, console);
    }
    if (config.maven().isPresent() && config.reload()) {
      watchPoms(config, launcher[0], javac, supervisor, console);
    }
    TreeWatcher watcher = null;
    if (config.reload()) {
      watcher = new TreeWatcher(config.watch(), new PathFilter(config.include(), config.exclude()), config.poll(),
          config.workDir(), new TreeWatcher.Listener() {
            @Override
            public void changed(Path path) {
              post.accept(new Event.FileChanged(path));
            }

            @Override
            public void lostTrack(Path root, String why) {
              post.accept(new Event.LostTrack(root, why));
            }

            @Override
            public void cannotWatch(Path path, String why) {
              console.warn(why);
            }

            @Override
            public void note(String line) {
              console.info(line);
            }
          });
      for (Path w : config.watch()) {
        if (!Files.isDirectory(w)) {
          String note = relative(config, w) + " does not exist (yet); watching it once it appears";
          if (config.build().isPresent() || config.javac()) {
            console.debug(note); // the build usually creates it (target/classes on a fresh clone)
          } else {
            console.warn(note);
          }
        }
      }
      watcher.start();
      readTerminal(supervisor);
    }
    banner(config, console);
    try {
      return supervisor.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    } finally {
      // each one on its own: one that fails must not keep the others (the guardian last) open
      closeQuietly(watcher, console);
      closeQuietly(front, console);
      closeQuietly(control, console);
      closeQuietly(notify, console);
      closeQuietly(javac, console);
      closeQuietly(guardian, console);
      trim.close();
    }
  }

  private static void closeQuietly(AutoCloseable c, Console console) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception | LinkageError e) {
      console.debug("closing " + c.getClass().getSimpleName() + ": " + e);
    }
  }

  private static NotifyServer startNotify(Console console, NotifyMessages messages) {
    try {
      return new NotifyServer(new NotifyServer.Listener() {
        @Override
        public void message(String channelKey, String key, String value) {
          messages.accept(channelKey, key, value);
        }

        @Override
        public void warning(String channelKey, String text) {
          console.warn("notify socket" + (channelKey.isEmpty() ? "" : " of " + channelKey) + ": " + text);
        }
      });
    } catch (IOException | RuntimeException e) {
      console.debug("no notify channel (" + e.getMessage() + "); readiness by port only");
      return null;
    }
  }

  private interface NotifyMessages {
    void accept(String channel, String key, String value);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static void banner(RunnerConfig config, Console console) {
    if (!config.reload()) {
      console.debug("reloading off: running " + String.join(" ", config.command()) + " once");
      return;
    }
    String dirs = config.watch().stream().map(p -> relative(config, p)).collect(Collectors.joining(", "))
        + config.poll().map(d -> " (polling every " + Durations.format(d) + ")").orElse("");
    String build = config.javac() ? "; compiling changed sources in-process (javac)"
        : config.build().map(b -> "; on source changes (" + String.join(" ", config.sources())
            + ") build with: " + b).orElse("");
    String port = config.port().isEmpty() ? ""
        : config.proxy()
            ? "; app on http://" + config.host() + ":" + config.port().getAsInt()
                + (config.workers() > 1 ? " (" + config.workers() + " workers)" : "")
            : "; app on http://127.0.0.1:" + config.port().getAsInt() + " (bound by the child)";
    config.maven().ifPresent(m -> console.info("running " + m.mainClass() + " (" + m.mainFrom() + ") of module "
        + m.app().artifactId() + " in " + relative(config, m.app().dir()) + ", Java from " + m.model().javaHome()));
    console.info("watching " + dirs + build + port);
    console.info(restartByHand(Signals.ignoredAtStart(1), ProcessHandle.current().pid()));
  }

  /** How to restart by hand; SIGHUP only when it works (not under nohup, which leaves it ignored). */
  static String restartByHand(boolean hupIgnored, long pid) {
    return hupIgnored
        ? "restart by hand: type rs + Enter, or run runner restart; SIGHUP will not restart it (pid " + pid
            + " was started with SIGHUP ignored, as nohup does, and a JVM cannot handle an ignored signal)"
        : "restart by hand: type rs + Enter, run runner restart, or send SIGHUP to pid " + pid;
  }

  private static String relative(RunnerConfig config, Path p) {
    return PathNames.show(config.workDir(), p);
  }

  private static OptionalLong mtime(Path p) {
    try {
      return OptionalLong.of(Files.getLastModifiedTime(p).toMillis());
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * Maven mode: a pom changed and Maven resolved the model again: the next starts run its command,
   * the compiler builds its modules, and a full rebuild and restart follow.
   */
  private static void watchPoms(RunnerConfig config, ProcessLauncher launcher, Builds javac, Supervisor supervisor,
      Console console) {
    PomWatch.start(config.maven().get(), next -> {
      launcher.command(next.command());
      if (javac instanceof ModelBuilds builds) {
        builds.replace(next.model());
      }
      supervisor.post(new Event.LostTrack(next.model().root().resolve("pom.xml"),
          "a pom changed; project model resolved again"));
      console.info("a pom changed: project model resolved again; rebuilding");
    }, console::debug, console::error);
  }

  /** Polls the parent: once the runner has been re-parented, whoever started it is gone. */
  private static void watchParent(Supervisor supervisor, Console console) {
    long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    Thread t = new Thread(() -> {
      while (true) {
        long now = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
        if (now != parent) {
          supervisor.post(new Event.Shutdown(1, "parent process " + parent + " is gone"));
          return;
        }
        LockSupport.parkNanos(200_000_000L);
      }
    }, "parent-watch");
    t.setDaemon(true);
    t.start();
  }

  /** On a terminal, "rs" + Enter restarts, as in nodemon. */
  private static void readTerminal(Supervisor supervisor) {
    if (System.console() == null) {
      return;
    }
    Thread t = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.trim().equals("rs")) {
            supervisor.post(new Event.ManualRestart("restart requested (rs)"));
          }
        }
      } catch (IOException e) {
        // terminal gone: nothing more to read
      }
    }, "stdin");
    t.setDaemon(true);
    t.start();
  }
}
