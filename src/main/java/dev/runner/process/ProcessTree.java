package dev.runner.process;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * The processes of one generation: the leader (started in a session of its own) and everything
 * in that session, plus every descendant of either, plus whatever was seen as a member before
 * (so a process re-parented to init after its parent died is still found), plus every process
 * whose environment carries this tree's mark ({@code RUNNER_TREE=...}, inherited by everything the
 * child starts): that finds a process that double-forked and called setsid to leave the session,
 * even when it was never seen before it escaped. Only a process that also drops or rewrites its
 * environment can escape all three. Stopping is terminate
 * then join, always bounded: SIGTERM to every member at once, up to {@code grace} for them to go,
 * SIGKILL to what is left (looked up again, since members can fork while shutting down), then a
 * bounded wait for the kernel to reap them.
 *
 * <p>It sees the system through two narrow doors, so a test can stand in for both: a {@link ProcFs}
 * to read (the process table) and {@code handles} to reach a process ({@link ProcessHandle#of}).
 * Trees stopped together share the doors of the first.
 */
public final class ProcessTree {
  /** What a stop did, for the log. */
  public record StopReport(int terminated, int killed, List<Long> survivors, long millis) {}

  static final Duration AFTER_KILL = Duration.ofSeconds(5);
  private static final long POLL_MS = 5;

  private final long leaderPid;
  private final long session;
  private final Map<Long, ProcStat> known = new LinkedHashMap<>();
  private final LongSupplier nanoClock;
  private final long leaderStart;
  private final byte[] mark;
  private final ProcFs proc;
  private final LongFunction<Optional<ProcessHandle>> handles;

  public ProcessTree(long leaderPid, boolean ownSession) {
    this(leaderPid, ownSession, null);
  }

  /** @param mark {@code NAME=VALUE} in the environment of every process of this tree, or null */
  public ProcessTree(long leaderPid, boolean ownSession, String mark) {
    this(leaderPid, ownSession, mark, System::nanoTime);
  }

  ProcessTree(long leaderPid, boolean ownSession, String mark, LongSupplier nanoClock) {
    this(leaderPid, ownSession, mark, nanoClock, ProcFs.SYSTEM, ProcessHandle::of);
  }

  ProcessTree(long leaderPid, boolean ownSession, String mark, LongSupplier nanoClock, ProcFs proc,
      LongFunction<Optional<ProcessHandle>> handles) {
    this.leaderPid = leaderPid;
    this.session = ownSession ? leaderPid : -1;
    this.mark = mark == null ? null : mark.getBytes(StandardCharsets.UTF_8);
    this.nanoClock = nanoClock;
    this.proc = proc;
    this.handles = handles;
    proc.read(leaderPid).ifPresent(s -> known.put(s.pid(), s));
    this.leaderStart = known.containsKey(leaderPid) ? known.get(leaderPid).startTicks() : -1;
  }

  public long leaderPid() {
    return leaderPid;
  }

  /** The session id of this tree (= the leader's pid), or -1 if it has none of its own. */
  public long session() {
    return session;
  }

  /** Live members now: session, descendants, and previously seen members still alive. */
  private Map<Long, ProcStat> refresh() {
    return proc.supported() ? refresh(proc.all()) : viaProcessHandle();
  }

  /** Members, given one scan of /proc (shared by every tree of a generation). */
  private Map<Long, ProcStat> refresh(List<ProcStat> all) {
    Map<Long, ProcStat> byPid = new LinkedHashMap<>();
    for (ProcStat s : all) {
      byPid.put(s.pid(), s);
    }
    // the kernel hands out the leader's pid again only once no process is left in its session;
    // a session with that id is then a later process's own (it called setsid), not this tree
    ProcStat atLeaderPid = byPid.get(leaderPid);
    boolean sessionOurs = session > 0 && (atLeaderPid == null || atLeaderPid.startTicks() == leaderStart);
    Map<Long, ProcStat> members = new LinkedHashMap<>();
    for (ProcStat s : known.values()) {
      ProcStat now = byPid.get(s.pid());
      if (now != null && now.startTicks() == s.startTicks() && now.alive()) {
        members.put(now.pid(), now);
      }
    }
    for (ProcStat s : all) {
      boolean leader = s.pid() == leaderPid && s.startTicks() == leaderStart; // not a later process reusing the pid
      if (s.alive() && (leader || (sessionOurs && s.session() == session))) {
        members.put(s.pid(), s);
      }
    }
    boolean grew = true;
    while (grew) {
      grew = false;
      for (ProcStat s : all) {
        if (s.alive() && !members.containsKey(s.pid()) && members.containsKey(s.ppid())) {
          members.put(s.pid(), s);
          grew = true;
        }
      }
    }
    known.putAll(members);
    known.keySet().retainAll(members.keySet());
    return members;
  }

  private Map<Long, ProcStat> viaProcessHandle() {
    Map<Long, ProcStat> members = new LinkedHashMap<>();
    Optional<ProcessHandle> leader = handles.apply(leaderPid);
    leader.ifPresent(h -> {
      members.put(h.pid(), new ProcStat(h.pid(), 'R', -1, -1, -1, 0));
      h.descendants().forEach(d -> members.put(d.pid(), new ProcStat(d.pid(), 'R', -1, -1, -1, 0)));
    });
    known.values().stream().filter(s -> handles.apply(s.pid()).map(ProcessHandle::isAlive).orElse(false))
        .forEach(s -> members.putIfAbsent(s.pid(), s));
    known.putAll(members);
    return members;
  }

  /** Whether any member is still alive. */
  public synchronized boolean alive() {
    return !refresh().isEmpty();
  }

  /**
   * Terminates and joins the whole tree; returns only when every member is gone or, if the kernel
   * will not let one go even after SIGKILL (uninterruptible sleep), after a further bounded wait.
   *
   * @param forceNow checked while waiting; when it turns true the grace period ends at once
   */
  public StopReport stop(Duration grace, BooleanSupplier forceNow) {
    return stopAll(List.of(this), grace, forceNow, nanoClock);
  }

  /**
   * Stops several trees at once (every worker of a generation): all get SIGTERM together, share one
   * grace period, and are joined together, so N workers cost one grace period, not N.
   */
  public static StopReport stopAll(List<ProcessTree> trees, Duration grace, BooleanSupplier forceNow) {
    return stopAll(trees, grace, forceNow, System::nanoTime);
  }

  static StopReport stopAll(List<ProcessTree> trees, Duration grace, BooleanSupplier forceNow,
      LongSupplier clock) {
    long start = clock.getAsLong();
    ProcessTree first = trees.isEmpty() ? null : trees.get(0);
    ProcFs proc = first == null ? ProcFs.SYSTEM : first.proc;
    LongFunction<Optional<ProcessHandle>> handles = first == null ? ProcessHandle::of : first.handles;
    Set<Long> termed = new HashSet<>();
    Map<Long, ProcStat> members = refreshAll(trees, true, proc);
    signal(members, termed, false, proc, handles);
    resumeStopped(members);
    long graceEnd = start + grace.toNanos();
    CompletableFuture<?> leaderExit = leadersExit(trees, handles);
    // an interrupt does not cut a stop short (that would leave the tree behind); it is kept for the
    // caller, and the waits between looks go on waiting instead of returning at once (a busy loop)
    boolean interrupted = Thread.interrupted();
    while (!members.isEmpty() && clock.getAsLong() - graceEnd < 0 && !forceNow.getAsBoolean()) {
      interrupted |= pause(leaderExit);
      members = refreshAll(trees, false, proc);
      signal(members, termed, false, proc, handles); // newcomers forked during shutdown get SIGTERM too
    }
    members = refreshAll(trees, true, proc); // an escape made while the tree was shutting down
    int killed = 0;
    long killEnd = clock.getAsLong() + AFTER_KILL.toNanos();
    Set<Long> sigkilled = new HashSet<>();
    while (!members.isEmpty() && clock.getAsLong() - killEnd < 0) {
      killed += signal(members, sigkilled, true, proc, handles);
      interrupted |= pause(leaderExit);
      members = refreshAll(trees, false, proc);
    }
    List<Long> survivors = new ArrayList<>(members.keySet());
    long millis = TimeUnit.NANOSECONDS.toMillis(clock.getAsLong() - start);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return new StopReport(termed.size(), killed, survivors, millis);
  }

  /**
   * Members of all these trees after one /proc scan; with {@code adoptMarked}, processes outside
   * every tree whose environment carries a tree's mark become its members first (one read of
   * {@code environ} per such process, so this is done at the start of a stop and before SIGKILL,
   * not on every poll).
   */
  private static Map<Long, ProcStat> refreshAll(List<ProcessTree> trees, boolean adoptMarked, ProcFs proc) {
    List<ProcStat> scan = proc.supported() ? proc.all() : null; // one /proc scan for all trees
    Map<Long, ProcStat> all = members(trees, scan);
    if (scan != null && adoptMarked && adoptMarked(trees, scan, all.keySet(), proc)) {
      all = members(trees, scan); // the adopted, and their descendants
    }
    return all;
  }

  private static Map<Long, ProcStat> members(List<ProcessTree> trees, List<ProcStat> scan) {
    Map<Long, ProcStat> all = new LinkedHashMap<>();
    for (ProcessTree t : trees) {
      synchronized (t) {
        all.putAll(scan != null ? t.refresh(scan) : t.viaProcessHandle());
      }
    }
    return all;
  }

  /** Makes marked processes outside {@code seen} members of their tree; whether there was any. */
  private static boolean adoptMarked(List<ProcessTree> trees, List<ProcStat> scan, Set<Long> seen, ProcFs proc) {
    List<ProcessTree> marked = trees.stream().filter(t -> t.mark != null).toList();
    if (marked.isEmpty()) {
      return false;
    }
    boolean adopted = false;
    long self = ProcessHandle.current().pid();
    // a descendant cannot have started before its tree's leader: this keeps the environ reads to
    // the few processes started since (reading all of them costs ~0.1 ms each)
    long since = Long.MAX_VALUE;
    for (ProcessTree t : marked) {
      since = Math.min(since, t.leaderStart < 0 ? 0 : t.leaderStart);
    }
    for (ProcStat s : scan) {
      if (!s.alive() || s.pid() == self || seen.contains(s.pid()) || s.ppid() == 2 || s.pid() <= 2
          || s.startTicks() < since) {
        continue; // a member already, the runner, a kernel thread, or older than every tree
      }
      byte[] env = proc.environ(s.pid());
      if (env == null || env.length == 0) {
        continue;
      }
      for (ProcessTree t : marked) {
        if (ProcStat.environHas(env, t.mark)) {
          synchronized (t) {
            t.known.put(s.pid(), s);
          }
          adopted = true;
          break;
        }
      }
    }
    return adopted;
  }

  private static int signal(Map<Long, ProcStat> members, Set<Long> alreadySent, boolean kill, ProcFs proc,
      LongFunction<Optional<ProcessHandle>> handles) {
    int sent = 0;
    for (ProcStat s : members.values()) {
      if (alreadySent.add(s.pid())) {
        Optional<ProcessHandle> h = handles.apply(s.pid());
        if (h.isPresent() && (s.startTicks() == 0 || proc.stillAlive(s))) {
          boolean ok = kill ? h.get().destroyForcibly() : h.get().destroy();
          if (ok) {
            sent++;
          }
        }
      }
    }
    return sent;
  }

  /**
   * A stopped process (SIGSTOP, a debugger, Ctrl-Z) cannot act on SIGTERM until it runs again, so
   * after SIGTERM it gets SIGCONT, as systemd does; otherwise it would always cost the whole grace.
   */
  private static void resumeStopped(Map<Long, ProcStat> members) {
    List<String> argv = new ArrayList<>(List.of("kill", "-s", "CONT"));
    for (ProcStat s : members.values()) {
      if (s.state() == 'T' || s.state() == 't') {
        argv.add(Long.toString(s.pid()));
      }
    }
    if (argv.size() == 3) {
      return;
    }
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true)
          .redirectOutput(Redirect.DISCARD).start();
      p.waitFor(2, TimeUnit.SECONDS);
    } catch (IOException e) {
      // no kill(1): the grace period and SIGKILL still end it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Completes when a leader that is still alive exits. A leader is the runner's own child, so the
   * JDK learns of its exit from waitpid at once: the stop then looks again right away instead of
   * at the next poll (leaders usually go last: a JVM after its shutdown hooks).
   */
  private static CompletableFuture<?> leadersExit(List<ProcessTree> trees,
      LongFunction<Optional<ProcessHandle>> handles) {
    List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
    for (ProcessTree t : trees) {
      handles.apply(t.leaderPid).ifPresent(h -> exits.add(h.onExit()));
    }
    return exits.isEmpty() ? new CompletableFuture<>() : CompletableFuture.anyOf(exits.toArray(CompletableFuture[]::new));
  }

  /**
   * Waits for the next look at the tree: {@value #POLL_MS} ms (processes that are not the runner's
   * children give no exit event), or less when a leader exits first. Once one has, the next
   * leader's exit is caught by the poll; a generation's leaders are signalled together. True when
   * the wait was interrupted.
   */
  private static boolean pause(CompletableFuture<?> leaderExit) {
    try {
      if (leaderExit.isDone()) {
        TimeUnit.MILLISECONDS.sleep(POLL_MS);
      } else {
        leaderExit.get(POLL_MS, TimeUnit.MILLISECONDS);
      }
      return false;
    } catch (InterruptedException e) {
      return true; // the flag is clear now, so the next wait waits; the caller restores it at the end
    } catch (ExecutionException | TimeoutException e) {
      return false; // the poll interval is up
    }
  }
}
