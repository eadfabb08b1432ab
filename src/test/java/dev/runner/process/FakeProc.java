package dev.runner.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * A process table written into a directory laid out like {@code /proc}, for {@link ProcessTree}
 * to read through a {@link ProcFs}, and {@link #handle} to reach its processes: a signal is logged
 * ({@code TERM 5000001}) and by default ends the process (its directory goes); {@link #onTerm} and
 * {@link #onKill} script something else (ignore it, fork, let a pid be reused).
 *
 * <p>Pids start at {@link #BASE}, above the kernel's limit (4,194,304), so no fake pid is ever a
 * real process and nothing real can be signalled by mistake.
 */
final class FakeProc {
  static final long BASE = 5_000_000;

  private final Path root;
  private final List<String> log = new ArrayList<>();
  private final Map<Long, Runnable> onTerm = new HashMap<>();
  private final Map<Long, Runnable> onKill = new HashMap<>();

  FakeProc(Path root) {
    this.root = root;
    write(root.resolve("self/stat"), statLine(1, "self", 'R', 0, 1, 1, 1));
  }

  ProcFs fs() {
    return new ProcFs(root);
  }

  /** A process: {@code pid}, state, parent, session (also its group), start in clock ticks. */
  FakeProc put(long pid, char state, long ppid, long session, long start) {
    write(dir(pid).resolve("stat"), statLine(pid, "fake", state, ppid, session, session, start));
    return this;
  }

  FakeProc environ(long pid, String... entries) {
    write(dir(pid).resolve("environ"), String.join("\0", entries) + "\0");
    return this;
  }

  /** The process is gone, reaped: no directory. */
  void remove(long pid) {
    try (Stream<Path> files = Files.walk(dir(pid))) {
      files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Optional<ProcStat> stat(long pid) {
    return fs().read(pid);
  }

  void onTerm(long pid, Runnable reaction) {
    onTerm.put(pid, reaction);
  }

  void onKill(long pid, Runnable reaction) {
    onKill.put(pid, reaction);
  }

  /** Every signal sent so far, in order: {@code TERM 5000001}, {@code KILL 5000002}. */
  List<String> log() {
    return List.copyOf(log);
  }

  /** What {@link ProcessHandle#of} would give: a handle while the pid has a directory. */
  Optional<ProcessHandle> handle(long pid) {
    return Files.isDirectory(dir(pid)) ? Optional.of(new Handle(pid)) : Optional.empty();
  }

  private Path dir(long pid) {
    return root.resolve(Long.toString(pid));
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A full 52-field stat line: pid, (comm), state, ppid, pgrp, session, ..., starttime (22), ... */
  static String statLine(long pid, String comm, char state, long ppid, long pgrp, long session, long start) {
    List<String> f = new ArrayList<>(List.of(
        Long.toString(pid), "(" + comm + ")", Character.toString(state), Long.toString(ppid),
        Long.toString(pgrp), Long.toString(session), "0", "-1", "4194304"));
    while (f.size() < 21) {
      f.add(Integer.toString(f.size() * 7)); // fields 10..21: faults, times, priority, threads ...
    }
    f.add(Long.toString(start)); // field 22
    while (f.size() < 52) {
      f.add("0");
    }
    return String.join(" ", f) + "\n";
  }

  private final class Handle implements ProcessHandle {
    private final long pid;

    Handle(long pid) {
      this.pid = pid;
    }

    @Override
    public long pid() {
      return pid;
    }

    @Override
    public boolean destroy() {
      log.add("TERM " + pid);
      onTerm.getOrDefault(pid, () -> remove(pid)).run();
      return true;
    }

    @Override
    public boolean destroyForcibly() {
      log.add("KILL " + pid);
      onKill.getOrDefault(pid, () -> remove(pid)).run();
      return true;
    }

    @Override
    public boolean isAlive() {
      return stat(pid).map(ProcStat::alive).orElse(false);
    }

    @Override
    public CompletableFuture<ProcessHandle> onExit() {
      return new CompletableFuture<>(); // not the test's child: no exit event, the stop polls
    }

    @Override
    public Optional<ProcessHandle> parent() {
      return Optional.empty();
    }

    @Override
    public Stream<ProcessHandle> children() {
      return Stream.empty();
    }

    @Override
    public Stream<ProcessHandle> descendants() {
      return Stream.empty();
    }

    @Override
    public Info info() {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean supportsNormalTermination() {
      return true;
    }

    @Override
    public int compareTo(ProcessHandle other) {
      return Long.compare(pid, other.pid());
    }
  }
}
