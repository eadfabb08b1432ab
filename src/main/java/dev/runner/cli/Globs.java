package dev.runner.cli;

import java.nio.file.FileSystems;
import java.util.regex.PatternSyntaxException;

/** Rejects a malformed glob at start-up instead of on the first change. */
final class Globs {
  private Globs() {}

  static void check(String glob) {
    if (glob.isBlank()) {
      throw new IllegalArgumentException("empty glob");
    }
    try {
      FileSystems.getDefault().getPathMatcher("glob:" + glob);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("bad glob '" + glob + "': " + e.getDescription());
    }
  }
}
