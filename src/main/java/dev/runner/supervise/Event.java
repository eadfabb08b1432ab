package dev.runner.supervise;

import dev.runner.build.BuildStep;
import java.nio.file.Path;

/** Everything that can happen to the supervisor. Other threads only ever post these. */
public sealed interface Event {
  /** A watched file changed (already filtered). */
  record FileChanged(Path path) implements Event {}

  /** The watcher may have missed changes: treat everything as changed. */
  record LostTrack(Path root, String why) implements Event {}

  /** The build with this id ended. */
  record BuildFinished(long buildId, BuildStep.Result result) implements Event {}

  /** The child with this pid is ready (port open, or stayed up long enough). */
  record ChildReady(long pid) implements Event {}

  /** The child with this pid has exited with this status (128+N for signal N). */
  record ChildExited(long pid, int status) implements Event {}

  /** The child with this pid sent {@code KEY=VALUE} over its notify socket. */
  record Notified(long pid, String key, String value) implements Event {}

  /** The worker with this pid has been given its last request (--max-requests). */
  record RequestLimit(long pid) implements Event {}

  /** Every worker's agent answered the hotswap with this id (or it was given up). */
  record Swapped(long swapId) implements Event {}

  /** SIGHUP, or {@code rs} typed on the terminal. */
  record ManualRestart(String why) implements Event {}

  /** Stop everything and exit with 128 + {@code signal}; {@code why} says what asked for it. */
  record Shutdown(int signal, String why) implements Event {
    public Shutdown(int signal) {
      this(signal, null);
    }
  }
}
