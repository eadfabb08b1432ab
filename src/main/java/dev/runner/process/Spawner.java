package dev.runner.process;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Starts child processes the way a supervisor needs them, by putting small, standard Linux tools
 * in front of the command (each {@code exec}s the next, so the pid the JVM sees is the command's):
 * <ul>
 *   <li>{@code setpriv --pdeathsig KILL}: the child dies with the thread that spawned it, so even a
 *       SIGKILLed runner takes its child along (spawn from a thread that lives as long as the runner);
 *   <li>{@code env --default-signal}: every signal disposition back to default, because a runner
 *       started as a background job inherits SIGINT/SIGQUIT ignored and HotSpot cannot undo that;
 *   <li>{@code setsid}: the child leads a session of its own, so its whole tree can be found and
 *       stopped, and a Ctrl-C on the terminal reaches the runner, which then stops the tree in order.
 * </ul>
 * A tool that is missing is left out, and {@link #limitations()} says what is lost.
 *
 * <p>Every tree it starts is marked: {@code RUNNER_TREE=<runner instance>.<n>} in the environment,
 * which every descendant inherits, so {@link ProcessTree} can find a descendant that left the
 * session and lost its parent, and the {@link Guardian} can find all of them if the runner dies.
 */
public final class Spawner {
  /** The environment variable that marks a spawned tree. */
  public static final String MARK_ENV = "RUNNER_TREE";

  /** A started process and its tree. */
  public record Spawned(Process process, ProcessTree tree) {}

  private final List<String> prefix;
  private final boolean ownSession;
  private final List<String> limitations;
  private final String instance = Long.toHexString(ProcessHandle.current().pid()) + "-"
      + Integer.toHexString(ThreadLocalRandom.current().nextInt() & 0x7fffffff);
  private final AtomicLong trees = new AtomicLong();

  private Spawner(List<String> prefix, boolean ownSession, List<String> limitations) {
    this.prefix = List.copyOf(prefix);
    this.ownSession = ownSession;
    this.limitations = List.copyOf(limitations);
  }

  /** {@code RUNNER_TREE=<instance>.}: the start of the mark of every tree this runner starts. */
  public String markPrefix() {
    return MARK_ENV + "=" + instance + ".";
  }

  /** Looks for the helper tools once, at start-up. */
  public static Spawner detect() {
    return detect(Spawner::works, ProcStat.supported());
  }

  /** @param works whether an argv runs and exits 0; @param proc whether /proc can be read */
  static Spawner detect(Predicate<List<String>> works, boolean proc) {
    List<String> prefix = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    if (works.test(List.of("setpriv", "--pdeathsig", "KILL", "--", "true"))) {
      prefix.addAll(List.of("setpriv", "--pdeathsig", "KILL", "--"));
    } else {
      missing.add("setpriv --pdeathsig not available: if the runner is SIGKILLed its child may outlive it"
          + " until the guardian notices");
    }
    if (works.test(List.of("env", "--default-signal", "--", "true"))) {
      prefix.addAll(List.of("env", "--default-signal", "--"));
    } else {
      missing.add("env --default-signal not available (needs GNU coreutils 8.31+): the child inherits"
          + " the runner's ignored signals");
    }
    boolean session = works.test(List.of("setsid", "--", "true")) && proc;
    if (session) {
      prefix.addAll(List.of("setsid", "--"));
    } else {
      missing.add("setsid or /proc not available: only descendants the JVM can see are stopped");
    }
    return new Spawner(prefix, session, missing);
  }

  public List<String> limitations() {
    return limitations;
  }

  public boolean ownSession() {
    return ownSession;
  }

  /** The full argv that is executed for {@code command}. */
  public List<String> argv(List<String> command) {
    List<String> argv = new ArrayList<>(prefix);
    argv.addAll(command);
    return argv;
  }

  /**
   * Starts {@code command} in {@code dir} with the runner's environment plus {@code extraEnv}.
   * Must be called from a long-lived thread (see the class comment on pdeathsig).
   */
  Process start(List<String> command, Path dir, Map<String, String> extraEnv,
      Redirect in, Redirect out, Redirect err) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(argv(command)).directory(dir.toFile());
    pb.environment().putAll(extraEnv);
    pb.redirectInput(in).redirectOutput(out);
    if (err == null) {
      pb.redirectErrorStream(true);
    } else {
      pb.redirectError(err);
    }
    return pb.start();
  }

  /**
   * Starts {@code command} like {@link #start} in a marked tree of its own; {@code label} (e.g.
   * {@code w0-3}, {@code build-2}) ends the mark, for the reader of {@code /proc/PID/environ}.
   */
  public Spawned spawn(String label, List<String> command, Path dir, Map<String, String> extraEnv,
      Redirect in, Redirect out, Redirect err) throws IOException {
    String value = instance + "." + trees.incrementAndGet() + "." + label;
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put(MARK_ENV, value);
    Process p = start(command, dir, env, in, out, err);
    return new Spawned(p, new ProcessTree(p.pid(), ownSession, MARK_ENV + "=" + value));
  }

  private static boolean works(List<String> argv) {
    if (Executables.find(argv.get(0), System.getenv("PATH"), Path.of("")).isEmpty()) {
      return false;
    }
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(Redirect.DISCARD).start();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Reports a tool's absence once, through whatever log the caller has. */
  public void reportLimitations(Consumer<String> log) {
    limitations.forEach(log);
  }
}
