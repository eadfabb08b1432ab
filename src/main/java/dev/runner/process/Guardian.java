package dev.runner.process;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A tiny shell process that outlives the runner just long enough to clean up after it. The runner
 * keeps a pipe to its stdin and writes the session ids of every live generation and build whenever
 * they change. If the runner dies in any way, even SIGKILL, the kernel closes the pipe; the
 * guardian then SIGKILLs every process of those sessions, including grandchildren that
 * {@code setpriv --pdeathsig} cannot reach, and every process whose environment carries the
 * runner's tree mark (one that left its session). On a normal exit the runner first writes
 * {@code done}, so the guardian leaves without touching anything.
 *
 * <p>The guardian ignores INT/TERM/HUP/QUIT and lives in its own session, so a Ctrl-C on the
 * terminal does not take it away before the runner has finished stopping its children.
 */
public final class Guardian implements AutoCloseable {
  private static final String SCRIPT = String.join("\n",
      "trap '' INT TERM HUP QUIT",
      "mark=$1",
      "sids=",
      "while IFS= read -r line; do sids=$line; done",
      "[ \"$sids\" = done ] && exit 0",
      "for sid in $sids; do kill -s KILL -- -\"$sid\" 2>/dev/null; done",
      "n=0",
      "while [ $n -lt 50 ]; do",
      "  found=",
      "  for f in /proc/[0-9]*/stat; do",
      "    read -r s < \"$f\" 2>/dev/null || continue",
      "    rest=${s##*) }",
      "    set -- $rest",
      "    for sid in $sids; do",
      "      if [ \"$4\" = \"$sid\" ] && [ \"$1\" != Z ]; then",
      "        p=${f#/proc/}; kill -s KILL \"${p%/stat}\" 2>/dev/null; found=1",
      "      fi",
      "    done",
      "  done",
      // escapees that left the sessions still carry the mark in their environment
      "  for f in $(grep -lzsF -e \"$mark\" /proc/[0-9]*/environ); do",
      "    p=${f#/proc/}; kill -s KILL \"${p%/environ}\" 2>/dev/null && found=1",
      "  done",
      "  [ -n \"$found\" ] || exit 0",
      "  n=$((n+1)); sleep 0.1",
      "done");

  private final Process process;
  private final OutputStream pipe;
  private final Set<Long> sessions = new TreeSet<>();
  private String last = "";

  Guardian(Process process) {
    this.process = process;
    this.pipe = process.getOutputStream();
  }

  /**
   * Starts the guardian, or returns null when there is no {@code sh}/{@code setsid}.
   *
   * @param markPrefix the start of the environment entry that marks every tree of this runner
   *     ({@link Spawner#markPrefix()}); a process carrying it is killed too
   */
  public static Guardian start(String markPrefix) {
    try {
      Process p = new ProcessBuilder(command(markPrefix))
          .redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD).start();
      return new Guardian(p);
    } catch (IOException e) {
      return null;
    }
  }

  /** The guardian's argv: its own session, a shell running {@link #SCRIPT}, the mark as {@code $1}. */
  static List<String> command(String markPrefix) {
    return List.of("setsid", "sh", "-c", SCRIPT, "guardian", markPrefix);
  }

  public long pid() {
    return process.pid();
  }

  /** Adds a session to kill should the runner die. */
  public synchronized void watch(long session) {
    if (session > 1 && sessions.add(session)) {
      send(sessions);
    }
  }

  /** Forgets a session once all of it is gone. */
  public synchronized void release(long session) {
    if (sessions.remove(session)) {
      send(sessions);
    }
  }

  private void send(Collection<Long> sessions) {
    String line = sessions.stream().filter(s -> s > 1).sorted().map(String::valueOf)
        .collect(Collectors.joining(" "));
    if (line.equals(last)) {
      return;
    }
    last = line;
    try {
      pipe.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
      pipe.flush();
    } catch (IOException e) {
      // the guardian is gone; the runner still stops its children itself on every normal path
    }
  }

  /** Normal exit: tell the guardian there is nothing to clean, and let it go. */
  @Override
  public synchronized void close() {
    sessions.clear();
    last = "done";
    try {
      pipe.write("done\n".getBytes(StandardCharsets.US_ASCII));
      pipe.flush();
    } catch (IOException e) {
      // the guardian is gone already
    }
    try {
      pipe.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
