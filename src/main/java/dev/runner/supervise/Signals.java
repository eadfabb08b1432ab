package dev.runner.supervise;

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

  private static void handle(String name, Runnable action, Console console) {
    try {
      Signal.handle(new Signal(name), s -> action.run());
    } catch (IllegalArgumentException e) {
      console.debug("cannot handle SIG" + name + " here: " + e.getMessage());
    }
  }
}
