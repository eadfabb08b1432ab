package dev.runner.watch;

import java.nio.file.Path;

/**
 * How the runner names a path in its output: relative to a base directory when below it, with
 * control characters escaped, so that a file named {@code "a\nb"} cannot split a log line in two
 * (or a name with an escape sequence recolour the terminal). Spaces and non-ASCII letters are
 * kept as they are: they read fine.
 */
public final class PathNames {
  private PathNames() {}

  public static String show(Path base, Path p) {
    String name = p.isAbsolute() && p.startsWith(base) ? base.relativize(p).toString() : p.toString();
    return escape(name.isEmpty() ? "." : name);
  }

  /** {@code \n}, {@code \t}, {@code \r} and {@code \xNN} for control characters; anything else unchanged. */
  public static String escape(String name) {
    StringBuilder b = null;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
      if (!control) {
        if (b != null) {
          b.append(c);
        }
        continue;
      }
      if (b == null) {
        b = new StringBuilder(name.length() + 8).append(name, 0, i);
      }
      switch (c) {
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> b.append(String.format("\\x%02x", (int) c));
      }
    }
    return b == null ? name : b.toString();
  }
}
