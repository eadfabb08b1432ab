package dev.runner.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts the processes that belong to one test: every process the test starts carries
 * {@code RUNNER_TEST_ID=<id>} in its environment, and children inherit it, so even a grandchild
 * re-parented to init is found (and only this test's processes, never the user's).
 */
public final class Census {
  /** A live (non-zombie) process of the test. */
  public record Proc(long pid, String cmdline, String tree) {}

  private Census() {}

  public static List<Proc> of(String testId) {
    byte[] marker = ("RUNNER_TEST_ID=" + testId + "\0").getBytes(StandardCharsets.UTF_8);
    List<Proc> found = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"))) {
      for (Path d : dirs) {
        String name = d.getFileName().toString();
        if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
          continue;
        }
        try {
          byte[] env = Files.readAllBytes(d.resolve("environ"));
          if (indexOf(env, marker) >= 0 && !zombie(d)) {
            String cmd = new String(Files.readAllBytes(d.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
            found.add(new Proc(Long.parseLong(name), cmd.strip(), valueOf(env, "RUNNER_TREE")));
          }
        } catch (IOException e) {
          // gone meanwhile, or not ours to read
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    return found;
  }

  /**
   * {@link #of} without the standby JVMs still waiting for "go": they run nothing of the app yet,
   * so they are neither a generation nor a worker.
   */
  public static List<Proc> running(String testId) {
    List<Proc> all = of(testId);
    return all.stream().filter(p -> !waitingStandby(p, all)).toList();
  }

  /**
   * A standby JVM (see {@code dev.runner.standby.Standby}) that is still waiting: its stdin is a
   * pipe whose other end another process of the test, the runner, still holds. Once the runner
   * has written "go" it closes that end, and the JVM runs the app.
   */
  public static boolean waitingStandby(Proc p, List<Proc> all) {
    if (!p.cmdline().contains("runner-standby.jar")) {
      return false;
    }
    String stdin = link(Path.of("/proc", Long.toString(p.pid()), "fd", "0"));
    if (stdin == null || !stdin.startsWith("pipe:")) {
      return false;
    }
    for (Proc other : all) {
      if (other.pid() == p.pid()) {
        continue;
      }
      try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(other.pid()), "fd"))) {
        for (Path fd : fds) {
          if (stdin.equals(link(fd))) {
            return true;
          }
        }
      } catch (IOException e) {
        // gone meanwhile
      }
    }
    return false;
  }

  private static String link(Path p) {
    try {
      return Files.readSymbolicLink(p).toString();
    } catch (IOException e) {
      return null;
    }
  }

  public static long count(String testId, String cmdlineContains) {
    return of(testId).stream().filter(p -> p.cmdline().contains(cmdlineContains)).count();
  }

  /** The process's RUNNER_TREE, "" when it has none, null when it cannot be read (gone). */
  public static String treeOf(long pid) {
    try {
      return valueOf(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")), "RUNNER_TREE");
    } catch (IOException e) {
      return null;
    }
  }

  /** The value of {@code name} in a raw environment block, or "" when it has none. */
  private static String valueOf(byte[] env, String name) {
    byte[] key = (name + "=").getBytes(StandardCharsets.UTF_8);
    int at = indexOf(env, key);
    if (at < 0) {
      return "";
    }
    int end = at + key.length;
    while (end < env.length && env[end] != 0) {
      end++;
    }
    return new String(env, at + key.length, end - at - key.length, StandardCharsets.UTF_8);
  }

  private static boolean zombie(Path procDir) throws IOException {
    String stat = Files.readString(procDir.resolve("stat"));
    return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      if (i > 0 && hay[i - 1] != 0) {
        continue;
      }
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** SIGKILLs every process of the test, by pid; returns how many there were. */
  public static int killAll(String testId) {
    List<Proc> procs = of(testId);
    for (Proc p : procs) {
      ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
    }
    return procs.size();
  }

  /** Whether this pid is still a live (non-zombie) process. */
  public static boolean alive(long pid) {
    Path d = Path.of("/proc", Long.toString(pid));
    try {
      return Files.exists(d) && !zombie(d);
    } catch (IOException e) {
      return false;
    }
  }
}
