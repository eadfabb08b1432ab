package dev.runner.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code /proc} to read: the system's, or a directory laid out like it, so a test can hand
 * {@link ProcessTree} a process table it wrote itself. Nothing here throws: a process that is gone,
 * or not ours to read, is simply not there.
 */
record ProcFs(Path root) {
  static final ProcFs SYSTEM = new ProcFs(Path.of("/proc"));

  boolean supported() {
    return Files.isReadable(root.resolve("self/stat"));
  }

  Optional<ProcStat> read(long pid) {
    try {
      return Optional.ofNullable(ProcStat.parse(pid, Files.readString(root.resolve(Long.toString(pid)).resolve("stat"))));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // gone, or a line that is not a stat line
    }
  }

  /** Every process visible now. Processes that vanish while being read are skipped. */
  List<ProcStat> all() {
    List<ProcStat> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path d : dirs) {
        String name = d.getFileName().toString();
        if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
          read(Long.parseLong(name)).ifPresent(out::add);
        }
      }
    } catch (IOException e) {
      // unreadable: callers fall back to what ProcessHandle knows
    }
    return out;
  }

  /** The raw {@code PID/environ} (the environment at exec), or null when it cannot be read. */
  byte[] environ(long pid) {
    try {
      return Files.readAllBytes(root.resolve(Long.toString(pid)).resolve("environ"));
    } catch (IOException | RuntimeException e) {
      return null; // another user's process, or gone
    }
  }

  /** Whether this exact process (same pid, same start) is still alive and not a zombie. */
  boolean stillAlive(ProcStat s) {
    return read(s.pid()).filter(now -> now.startTicks() == s.startTicks() && now.alive()).isPresent();
  }
}
