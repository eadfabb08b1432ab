package dev.runner.process;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the runner, started as a child JVM by {@link SpawnerTest} and {@link GuardianTest}
 * so that the test can kill it with SIGKILL. It spawns through a real {@link Spawner}, prints what
 * the test needs one line at a time, and then blocks until it is killed (or its stdin closes).
 *
 * <ul>
 *   <li>{@code spawn}: prints its own {@code SigIgn}, runs {@code grep ^SigIgn: /proc/self/status}
 *       (its output goes straight to the test), then spawns {@code sleep} and prints its pid.
 *   <li>{@code guardian}: starts a {@link Guardian}, spawns a shell with two background sleeps and
 *       a shell whose sleep calls setsid, watches their sessions, prints every pid and {@code ready}.
 * </ul>
 */
public final class StandIn {
  private StandIn() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Spawner spawner = Spawner.detect();
    Path here = Path.of("").toAbsolutePath();
    System.out.println("mark " + spawner.markPrefix());
    switch (args[0]) {
      case "spawn" -> {
        System.out.println("self " + status("SigIgn"));
        System.out.flush();
        Spawner.Spawned grep = spawner.spawn("w0", List.of("grep", "^SigIgn:", "/proc/self/status"), here,
            Map.of(), Redirect.INHERIT, Redirect.INHERIT, Redirect.INHERIT);
        grep.process().waitFor();
        Spawner.Spawned sleep = spawner.spawn("w1", List.of("sleep", "1000"), here, Map.of(),
            Redirect.INHERIT, Redirect.DISCARD, Redirect.DISCARD);
        System.out.println("sleep " + sleep.process().pid());
      }
      case "guardian" -> {
        Guardian guardian = Guardian.start(spawner.markPrefix());
        System.out.println("guardian " + guardian.pid());
        // every pid is printed, so that the test can kill them even if the guardian does not
        for (String script : List.of("sleep 1000 & echo pid $!; sleep 1000 & echo pid $!; wait",
            "setsid sleep 1000 & echo pid $!; wait")) {
          Spawner.Spawned s = spawner.spawn("w", List.of("sh", "-c", script), here, Map.of(),
              Redirect.PIPE, Redirect.INHERIT, Redirect.DISCARD);
          System.out.println("pid " + s.process().pid());
          guardian.watch(s.tree().session());
        }
        System.out.println("ready");
      }
      default -> throw new IllegalArgumentException(args[0]);
    }
    System.out.flush();
    while (System.in.read() >= 0) {
      // the spawning thread must live on: pdeathsig follows the thread, not the process
    }
  }

  private static String status(String key) throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith(key + ":"))
        .findFirst().orElse(key + ": ?");
  }

  /** Starts this class in a child JVM; {@code shellPrefix} runs first (e.g. a trap), then execs java. */
  static Process start(String mode, String shellPrefix) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    return new ProcessBuilder("sh", "-c", shellPrefix + " exec \"$0\" -cp \"$1\" " + StandIn.class.getName() + " " + mode,
        java, cp).redirectErrorStream(true).start();
  }
}
