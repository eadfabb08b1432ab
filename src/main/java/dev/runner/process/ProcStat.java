package dev.runner.process;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One line of {@code /proc/PID/stat}: the fields a tree needs. {@code startTicks} tells a process
 * from a later one that reuses its pid. A zombie ('Z') counts as gone: it holds no resources, and
 * when it was re-parented to an init that does not reap (as in some containers) it stays forever.
 */
public record ProcStat(long pid, char state, long ppid, long pgrp, long session, long startTicks) {
  public static boolean supported() {
    return ProcFs.SYSTEM.supported();
  }

  public boolean alive() {
    return state != 'Z' && state != 'X' && state != 'x';
  }

  public static Optional<ProcStat> read(long pid) {
    return ProcFs.SYSTEM.read(pid);
  }

  /** Every process visible now. Processes that vanish while being read are skipped. */
  public static List<ProcStat> all() {
    return ProcFs.SYSTEM.all();
  }

  /** The raw {@code /proc/PID/environ} (the environment at exec), or null when it cannot be read. */
  public static byte[] environ(long pid) {
    return ProcFs.SYSTEM.environ(pid);
  }

  /** Whether a raw environment block holds exactly {@code entry} ({@code NAME=VALUE}). */
  public static boolean environHas(byte[] env, byte[] entry) {
    int start = 0;
    for (int i = 0; i <= env.length; i++) {
      if (i == env.length || env[i] == 0) {
        if (i - start == entry.length && Arrays.equals(env, start, i, entry, 0, entry.length)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }

  /** Whether this exact process (same pid, same start) is still alive and not a zombie. */
  public boolean stillAlive() {
    return ProcFs.SYSTEM.stillAlive(this);
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
