package dev.runner.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads compiler messages out of a build's output, so a tool and the browser get file, line,
 * column and message instead of a block of text. Two shapes are understood: javac's own
 * ({@code path:line: error: message}, then the source line and a caret under the column, then
 * continuation lines such as {@code symbol:}), which is what the runner's in-process compiler
 * prints too, and Maven's ({@code [ERROR] path:[line,column] message}, printed twice by Maven, so
 * repeats are dropped). Anything else is not a diagnostic; the raw output stays available beside.
 */
public final class Diagnostics {
  /** Enough to fix the first errors; javac itself stops at 100. */
  static final int MAX = 50;
  private static final long MAX_SOURCE_BYTES = 4 << 20;
  private static final Pattern JAVAC = Pattern.compile("^(.+?):(\\d+): (error|warning|note): (.*)$");
  private static final Pattern MAVEN = Pattern.compile("^\\[(ERROR|WARNING)] (.+?):\\[(\\d+),(\\d+)] (.*)$");
  private static final Pattern CARET = Pattern.compile("^(\\s*)\\^\\s*$");
  private static final Pattern COUNT = Pattern.compile("^\\d+ (errors?|warnings?)$");

  private Diagnostics() {}

  /** The diagnostics in {@code output}, in order; paths are shown relative to {@code workDir} when below it. */
  public static List<Diagnostic> parse(String output, Path workDir) {
    List<Diagnostic> found = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    String[] lines = output.split("\r?\n", -1);
    Open open = null;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      Matcher j = JAVAC.matcher(line);
      Matcher m = MAVEN.matcher(line);
      if (m.matches()) { // Maven's shape has no source or caret lines after it
        add(found, seen, open, workDir);
        open = null;
        add(found, seen, new Open(m.group(2), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)),
            m.group(1).toLowerCase(Locale.ROOT), m.group(5)), workDir);
      } else if (j.matches()) {
        add(found, seen, open, workDir);
        open = new Open(j.group(1), Integer.parseInt(j.group(2)), 0, j.group(3), j.group(4));
        Matcher caret = i + 2 < lines.length ? CARET.matcher(lines[i + 2]) : null;
        if (caret != null && caret.matches()) { // the source line, then a caret under the column
          open.source = lines[i + 1];
          open.column = caret.group(1).length() + 1;
          i += 2;
        }
      } else if (open != null) {
        if (line.isBlank() || COUNT.matcher(line.strip()).matches() || line.startsWith("[")) {
          add(found, seen, open, workDir); // javac's "1 error", or a line of Maven's: this one has ended
          open = null;
        } else {
          open.message.append('\n').append(line.strip()); // javac's "symbol: ...", "location: ..."
        }
      }
    }
    add(found, seen, open, workDir);
    return found;
  }

  /** A diagnostic still collecting its source line, caret and continuation lines. */
  private static final class Open {
    final String path;
    final int line;
    int column;
    final String severity;
    final StringBuilder message;
    String source;

    Open(String path, int line, int column, String severity, String message) {
      this.path = path;
      this.line = line;
      this.column = column;
      this.severity = severity;
      this.message = new StringBuilder(message);
    }
  }

  private static void add(List<Diagnostic> found, Set<String> seen, Open o, Path workDir) {
    if (o == null || found.size() >= MAX) {
      return;
    }
    String key = o.path + ":" + o.line + ":" + o.column + ":" + o.message;
    if (!seen.add(key)) {
      return;
    }
    String source = o.source != null ? o.source : sourceLine(o.path, o.line);
    found.add(new Diagnostic(shown(o.path, workDir), o.path, o.line, o.column, o.severity, o.message.toString(),
        source));
  }

  private static String shown(String path, Path workDir) {
    try {
      Path p = Path.of(path);
      Path base = workDir.toAbsolutePath().normalize();
      if (p.isAbsolute() && p.normalize().startsWith(base)) {
        return base.relativize(p.normalize()).toString();
      }
    } catch (InvalidPathException e) {
      // not a path of this file system: shown as the compiler wrote it
    }
    return path;
  }

  /** Line {@code n} of the file, for shapes that do not print it; "" when it cannot be read. */
  private static String sourceLine(String path, int n) {
    try {
      Path p = Path.of(path);
      if (n < 1 || !Files.isRegularFile(p) || Files.size(p) > MAX_SOURCE_BYTES) {
        return "";
      }
      List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
      return n <= lines.size() ? lines.get(n - 1) : "";
    } catch (IOException | InvalidPathException | UncheckedIOException e) {
      return "";
    }
  }
}
