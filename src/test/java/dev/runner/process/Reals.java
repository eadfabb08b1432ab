package dev.runner.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Small real processes for the tests that a fake cannot stand in for: waits by polling until an
 * outcome (never for a time), and kills what a test started by pid only, so a failing test leaves
 * nothing running.
 */
final class Reals implements AutoCloseable {
  static final Duration DEADLINE = Duration.ofSeconds(60);

  private final List<ProcessHandle> started = new ArrayList<>();

  /** Remembers a process (by pid and start, as a handle does) to kill at the end of the test. */
  long track(long pid) {
    ProcessHandle.of(pid).ifPresent(started::add);
    return pid;
  }

  Process track(Process p) {
    started.add(p.toHandle());
    return p;
  }

  /** Live (non-zombie) processes of session {@code sid}, tracked for clean-up. */
  List<ProcStat> session(long sid) {
    List<ProcStat> out = ProcStat.all().stream().filter(s -> s.session() == sid && s.alive()).toList();
    out.forEach(s -> track(s.pid()));
    return out;
  }

  /** Live processes whose environment holds an entry starting with {@code prefix}, tracked. */
  List<ProcStat> marked(String prefix) {
    byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
    List<ProcStat> out = new ArrayList<>();
    for (ProcStat s : ProcStat.all()) {
      byte[] env = ProcStat.environ(s.pid());
      if (s.alive() && env != null && hasEntryStartingWith(env, p)) {
        out.add(s);
        track(s.pid());
      }
    }
    return out;
  }

  private static boolean hasEntryStartingWith(byte[] env, byte[] prefix) {
    int start = 0;
    for (int i = 0; i <= env.length; i++) {
      if (i == env.length || env[i] == 0) {
        if (i - start >= prefix.length && Arrays.equals(env, start, start + prefix.length, prefix, 0, prefix.length)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }

  static boolean alive(ProcStat s) {
    return s.stillAlive();
  }

  static Optional<String> statusLine(long pid, String key) {
    try {
      return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
          .filter(l -> l.startsWith(key + ":")).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static void until(BooleanSupplier condition, Supplier<String> expected) {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("not within " + DEADLINE.toSeconds() + " s: " + expected.get());
      }
      LockSupport.parkNanos(20_000_000);
    }
  }

  @Override
  public void close() {
    for (ProcessHandle h : started) {
      h.destroyForcibly(); // the handle checks the start time: a reused pid is left alone
    }
  }
}
