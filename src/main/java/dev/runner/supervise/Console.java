package dev.runner.supervise;

import dev.runner.notify.LineDecoder;
import java.io.PrintWriter;
import java.util.Map;

/**
 * The runner's own lines, set apart from the child's output by a {@code [runner]} prefix
 * (coloured on a terminal unless {@code NO_COLOR} is set and not empty). Verbosity: -1 shows errors and reload
 * lines only, 0 adds notes, 1 adds details.
 */
public final class Console {
  private static final String YELLOW = "\u001b[33m";
  private static final String RED = "\u001b[31m";
  private static final String GREEN = "\u001b[32m";
  private static final String RESET = "\u001b[0m";

  private final PrintWriter out;
  private final int verbosity;
  private final boolean colour;

  public Console(PrintWriter out, int verbosity, boolean colour) {
    this.out = out;
    this.verbosity = verbosity;
    this.colour = colour;
  }

  /**
   * Colour only on a real terminal, and never when NO_COLOR is set to something: no-color.org asks
   * that an empty NO_COLOR be treated as unset.
   */
  public static boolean colourWanted(Map<String, String> env) {
    return colourWanted(env, System.console() != null);
  }

  static boolean colourWanted(Map<String, String> env, boolean terminal) {
    return terminal && env.getOrDefault("NO_COLOR", "").isEmpty() && !"dumb".equals(env.get("TERM"));
  }

  public boolean verbose() {
    return verbosity > 0;
  }

  /** The one line per reload: always shown. */
  public void reload(String line) {
    print(GREEN, line);
  }

  public void info(String line) {
    if (verbosity >= 0) {
      print(YELLOW, line);
    }
  }

  public void debug(String line) {
    if (verbosity > 0) {
      print(YELLOW, line);
    }
  }

  public void warn(String line) {
    if (verbosity >= 0) {
      print(YELLOW, "warning: " + line);
    }
  }

  public void error(String line) {
    print(RED, "error: " + line);
  }

  /**
   * A runner line carries names the runner does not choose (changed files, commands, messages):
   * a control character in one (a newline, an escape sequence in a file name) must neither start
   * a line that looks like someone else's nor drive the terminal, so it is shown as '?'.
   */
  static String printable(String line) {
    return LineDecoder.printable(line);
  }

  /** Output of another program (a failed build), shown as it is, after a header line. */
  public void block(String text) {
    synchronized (out) {
      out.print(text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
      out.flush();
    }
  }

  private void print(String c, String raw) {
    String line = printable(raw);
    synchronized (out) {
      if (colour) {
        out.println(c + "[runner]" + RESET + " " + line);
      } else {
        out.println("[runner] " + line);
      }
      out.flush();
    }
  }
}
