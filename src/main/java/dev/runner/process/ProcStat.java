package dev.runner.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One line of {@code /proc/PID/stat}: the fields a tree needs. {@code startTicks} tells a process
 * from a later one that reuses its pid. A zombie ('Z') counts as gone: it holds no resources, and
 * when it was re-parented to an init that does not reap (as in some containers) it stays forever.
 */
public record ProcStat(long pid, char state, long ppid, long pgrp, long session, long startTicks) {
  private static final Path PROC = Path.of("/proc");

  public static boolean supported() {
    return Files.isReadable(PROC.resolve("self/stat"));
  }

  public boolean alive() {
    return state != 'Z' && state != 'X' && state != 'x';
  }

  public static Optional<ProcStat> read(long pid) {
    try {
      return Optional.ofNullable(parse(pid, Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"))));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Every process visible now. Processes that vanish while being read are skipped. */
  public static List<ProcStat> all() {
    List<ProcStat> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC)) {
      for (Path d : dirs) {
        String name = d.getFileName().toString();
        if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
          read(Long.parseLong(name)).ifPresent(out::add);
        }
      }
    } catch (IOException e) {
      // /proc unreadable: callers fall back to what ProcessHandle knows
    }
    return out;
  }

  /** The raw {@code /proc/PID/environ} (the environment at exec), or null when it cannot be read. */
  public static byte[] environ(long pid) {
    try {
      return Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ"));
    } catch (IOException | RuntimeException e) {
      return null; // another user's process, or gone
    }
  }

  /** Whether a raw environment block holds exactly {@code entry} ({@code NAME=VALUE}). */
  public static boolean environHas(byte[] env, byte[] entry) {
    int start = 0;
    for (int i = 0; i <= env.length; i++) {
      if (i == env.length || env[i] == 0) {
        if (i - start == entry.length && java.util.Arrays.equals(env, start, i, entry, 0, entry.length)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }

  /** Whether this exact process (same pid, same start) is still alive and not a zombie. */
  public boolean stillAlive() {
    return read(pid).filter(now -> now.startTicks == startTicks && now.alive()).isPresent();
  }

  static ProcStat parse(long pid, String line) {
    int close = line.lastIndexOf(')');
    if (close < 0) {
      return null;
    }
    String[] f = line.substring(close + 2).trim().split(" ");
    // f[0]=state f[1]=ppid f[2]=pgrp f[3]=session ... f[19]=starttime (field 22 of the line)
    return new ProcStat(pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]),
        Long.parseLong(f[3]), Long.parseLong(f[19]));
  }
}
