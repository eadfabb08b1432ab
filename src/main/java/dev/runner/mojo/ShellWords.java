package dev.runner.mojo;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one property value ({@code -Drunner.args="--name 'Jane Doe'"}) into words the way a shell
 * would for the simple cases: whitespace separates, single or double quotes group, a backslash
 * outside single quotes takes the next character literally. No expansion of any kind.
 */
final class ShellWords {
  private ShellWords() {}

  /** @throws IllegalArgumentException on an unclosed quote */
  static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"' && i + 1 < line.length()
            && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
          word.append(line.charAt(++i));
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == '\\' && i + 1 < line.length()) {
        word.append(line.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unclosed " + quote + " in: " + line);
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
