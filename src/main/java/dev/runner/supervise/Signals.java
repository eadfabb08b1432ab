package dev.runner.supervise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import sun.misc.Signal;

/**
 * Signal handlers only post events; the loop does the work. SIGINT and SIGTERM shut down (a second
 * one cuts the grace period short), SIGHUP restarts the child. A signal the runner inherited as
 * ignored cannot be handled by a JVM; the {@code runner} launcher resets them before starting it.
 */
final class Signals {
  private Signals() {}

  static void install(Consumer<Event> post, Console console) {
    handle("INT", () -> post.accept(new Event.Shutdown(2)), console);
    handle("TERM", () -> post.accept(new Event.Shutdown(15)), console);
    handle("HUP", () -> post.accept(new Event.ManualRestart("restart requested (SIGHUP)")), console);
  }

  /** How a log line names a signal the runner handles. */
  static String name(int signal) {
    return switch (signal) {
      case 1 -> "SIGHUP";
      case 2 -> "SIGINT";
      case 15 -> "SIGTERM";
      default -> "signal " + signal;
    };
  }

  /**
   * Whether this process was started with {@code signo} ignored (as {@code nohup} does to SIGHUP):
   * a JVM then installs no handler for it, though {@code Signal.handle} reports success, so the
   * runner must say so rather than promise a restart on SIGHUP. False where /proc is not readable.
   */
  static boolean ignoredAtStart(int signo) {
    try {
      return ignored(Files.readString(Path.of("/proc/self/status")), signo);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Reads the {@code SigIgn:} mask (hexadecimal, bit {@code signo - 1}) of a /proc status text. */
  static boolean ignored(String procStatus, int signo) {
    for (String line : procStatus.split("\n")) {
      if (line.startsWith("SigIgn:")) {
        long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
        return (mask & (1L << (signo - 1))) != 0;
      }
    }
    return false;
  }

  private static void handle(String name, Runnable action, Console console) {
    try {
      Signal.handle(new Signal(name), s -> action.run());
    } catch (IllegalArgumentException e) {
      console.debug("cannot handle SIG" + name + " here: " + e.getMessage());
    }
  }
}
