package dev.runner.supervise;

import dev.runner.cds.CdsCache;
import dev.runner.cds.JavaCommand;
import dev.runner.config.RunnerConfig;
import dev.runner.process.ProcessTree;
import dev.runner.process.Spawner;
import dev.runner.standby.Standby;
import dev.runner.standby.StandbyJar;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JVMs started ahead, one per slot, waiting on their stdin for "go" (see {@link Standby}): the
 * next start of a slot runs the app in one instead of booting a JVM. Off for good once something
 * shows they cannot work here (an option that acts at JVM start, a command not of the form
 * {@code java -cp ... MAIN}, a standby that cannot start).
 */
final class Standbys {
  /** A JVM started ahead for a slot, waiting on its stdin for "go" (see {@link Standby}). */
  private record Waiting(Process process, ProcessTree tree, WorkerSpawner.Setting setting, List<String> command,
      String classpath) {}

  private final RunnerConfig config;
  private final Console console;
  private final CdsCache cds;
  private final WorkerSpawner workers;
  private final Path cacheRoot;
  private final Map<Integer, Waiting> standbys = new HashMap<>();
  private Path standbyJar;
  private boolean standbyOff;

  Standbys(RunnerConfig config, Console console, CdsCache cds, WorkerSpawner workers, Path cacheRoot) {
    this.config = config;
    this.console = console;
    this.cds = cds;
    this.workers = workers;
    this.cacheRoot = cacheRoot;
  }

  /**
   * Starts slot {@code index}'s next JVM ahead, unless standbys are off, the command is not
   * {@code java -cp ... MAIN}, or CDS is {@code recording} its class list (a run that must see the
   * app's own start).
   */
  void prepare(int index, boolean recording) {
    if (standbyOff || recording || standbys.containsKey(index)) { // whether at all: the supervisor's call
      return; // while CDS records its class list the next start must dump the archive first
    }
    List<String> base = workers.command(); // one snapshot: --maven may replace it from another thread
    List<String> jvmOptions = new ArrayList<>(base);
    for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) { // JVM and launcher add them
      jvmOptions.addAll(List.of(System.getenv().getOrDefault(variable, "").trim().split("\\s+")));
    }
    // the runner's own hotswap agent only starts a thread that talks over the standby's own notify
    // channel, which becomes the worker's on "go"
    Optional<String> early = jvmOptions.stream().filter(a -> !a.equals(workers.hotswapAgent()))
        .filter(Standbys::actsAtJvmStart).findFirst();
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
      WorkerSpawner.Setting setting = workers.setting(index, true);
      Spawner.Spawned s = workers.spawn("w" + index, argv.get(), setting, Redirect.PIPE, index);
      standbys.put(index, new Waiting(s.process(), s.tree(), setting, command, classpathState(base)));
      console.debug("worker " + index + ": standby JVM pid " + s.process().pid() + " started ahead"
          + (list.equals("-") ? "" : ", loading its dependency classes"));
    } catch (IOException e) {
      standbyOff("cannot start one: " + e.getMessage());
    }
  }

  /** Slot {@code index}'s standby, told to run the app, if there is one that still fits; else null. */
  Child take(int index, List<String> command) {
    Waiting waiting = standbys.remove(index);
    return waiting == null ? null : go(waiting, index, command);
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
    if (config.proxy() && !LoopbackPorts.bindable(w.setting().port())) {
      // its port was picked when it started; since then some connection may have taken it
      console.debug("worker " + index + ": the port of standby JVM pid " + w.process().pid() + " is taken meanwhile;"
          + " starting a fresh one");
      discard(w);
      return null;
    }
    if (!w.command().equals(command) || !w.classpath().equals(classpathState(workers.command()))) {
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
    return workers.begin(w.process(), w.tree(), w.setting(), index);
  }

  /** What is ready for slot {@code index}, for the status page; empty if nothing. */
  String prepared(int index) {
    Waiting w = standbys.get(index);
    return w == null ? "" : "standby JVM pid " + w.process().pid() + (w.process().isAlive() ? " waiting" : " gone");
  }

  void discardAll() {
    List<Waiting> all = new ArrayList<>(standbys.values());
    standbys.clear();
    all.forEach(this::discard);
  }

  /** Ends a standby that will not be used: it has run nothing of the app, so SIGKILL loses nothing. */
  private void discard(Waiting w) {
    ProcessTree.stopAll(List.of(w.tree()), Duration.ZERO, () -> true);
    if (w.setting().channel() != null) {
      workers.closeChannel(w.setting().channel());
    }
    workers.release(w.tree());
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
}
