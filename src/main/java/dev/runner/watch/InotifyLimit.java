package dev.runner.watch;

import dev.runner.config.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The two per-user inotify limits, recognised by the messages the JDK gives when one is reached,
 * and what to tell the user: which limit, its value, and the {@code sysctl} that raises it.
 * Retrying is pointless (the limit is shared with every other program of the user, an IDE
 * included, and does not go away by itself), so the runner polls instead.
 */
public enum InotifyLimit {
  /** inotify_add_watch: ENOSPC, one watch per directory of every watched tree. */
  WATCHES("User limit of inotify watches reached", "watch", "max_user_watches", "max_inotify_watches", 524_288, ""),
  /** inotify_init: EMFILE, one instance per watched root (the JDK cannot tell it from the open files limit). */
  INSTANCES("User limit of inotify instances reached", "instance", "max_user_instances", "max_inotify_instances", 512,
      ", or too many open files");

  private final String jdkMessage;
  private final String noun;
  private final String sysctl;
  private final String perNamespace;
  private final long suggested;
  private final String orElse;

  InotifyLimit(String jdkMessage, String noun, String sysctl, String perNamespace, long suggested, String orElse) {
    this.jdkMessage = jdkMessage;
    this.noun = noun;
    this.sysctl = sysctl;
    this.perNamespace = perNamespace;
    this.suggested = suggested;
    this.orElse = orElse;
  }

  /** Which limit {@code failure} (or one of its causes) reports, if it is one of them. */
  public static Optional<InotifyLimit> of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage();
      for (InotifyLimit limit : values()) {
        if (m != null && m.contains(limit.jdkMessage)) {
          return Optional.of(limit);
        }
      }
    }
    return Optional.empty();
  }

  /** The sysctl's name: {@code fs.inotify.max_user_watches}. */
  public String sysctl() {
    return "fs.inotify." + sysctl;
  }

  /**
   * One line: which limit was reached where, that the runner polls instead and how often, and
   * how to raise the limit; {@code current} is its value when known.
   */
  public String message(String where, Duration every, OptionalLong current) {
    String value = current.isPresent() ? " (" + sysctl() + " = " + current.getAsLong() + orElse + ")"
        : " (" + sysctl() + orElse + ")";
    return "inotify " + noun + " limit reached" + value + " while watching " + where + ": polling every "
        + Durations.format(every) + " instead; for native file events raise it: sudo sysctl " + sysctl() + "="
        + suggestion(current);
  }

  /** A value worth setting: the usual recommendation, or twice the current value if that is already more. */
  long suggestion(OptionalLong current) {
    return current.isPresent() && current.getAsLong() * 2 > suggested ? current.getAsLong() * 2 : suggested;
  }

  /**
   * The limit in force for this process: the smaller of the machine's sysctl and the one of its
   * user namespace ({@code /proc/sys/user}, lower in a container that set it), when readable.
   */
  public OptionalLong current() {
    OptionalLong machine = read(Path.of("/proc/sys/fs/inotify", sysctl));
    OptionalLong namespace = read(Path.of("/proc/sys/user", perNamespace));
    if (machine.isPresent() && namespace.isPresent()) {
      return OptionalLong.of(Math.min(machine.getAsLong(), namespace.getAsLong()));
    }
    return machine.isPresent() ? machine : namespace;
  }

  /**
   * In one read: a sysctl file says size 0, so {@code Files.readString} reads it a byte at a time,
   * and an integer sysctl answers any read past offset 0 with end of file ("50" reads as "5").
   */
  private static OptionalLong read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[64];
      int n = in.read(buf);
      return n <= 0 ? OptionalLong.empty()
          : OptionalLong.of(Long.parseLong(new String(buf, 0, n, StandardCharsets.US_ASCII).trim()));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
