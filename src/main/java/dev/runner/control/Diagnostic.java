package dev.runner.control;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One compiler message, as a tool or the browser overlay shows it.
 *
 * @param file the file relative to the runner's working directory when it lies below it, else as
 *     the compiler named it
 * @param path the file as the compiler named it (absolute for the runner's own javac)
 * @param line 1-based; 0 when the message names no line
 * @param column 1-based, in characters (a tab counts one); 0 when unknown
 * @param severity {@code error}, {@code warning} or {@code note}
 * @param message the compiler's text, continuation lines included
 * @param source the offending source line, or "" when unknown
 */
public record Diagnostic(String file, String path, int line, int column, String severity, String message,
    String source) {
  public Diagnostic {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(source, "source");
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("line and column must be 0 (unknown) or positive, got " + line + ":"
          + column);
    }
  }

  /** The JSON object of the status and of {@code build-failed} events. */
  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", file);
    m.put("path", path);
    m.put("line", line);
    m.put("column", column);
    m.put("severity", severity);
    m.put("message", message);
    m.put("source", source);
    return m;
  }
}
