package dev.runner.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maven's resource filtering for one text: each token between a delimiter pair whose expression
 * has a value is replaced by that value; an unknown token stays as it is; a token preceded by the
 * escape string (when the build sets one) is kept literally and loses the escape. Delimiters are
 * given as Maven writes them: {@code ${*}} is {@code ${} ... {@code }}, {@code @} is
 * {@code @} ... {@code @}. A token never spans lines (maven-filtering's default).
 */
final class Filter {
  private record Delimiter(String start, String end) {}

  private final Map<String, String> values;
  private final List<Delimiter> delimiters = new ArrayList<>();
  private final String escape; // null: none

  Filter(Map<String, String> values, List<String> delimiters, Optional<String> escape) {
    this.values = values;
    for (String d : delimiters.isEmpty() ? List.of("${*}", "@") : delimiters) {
      int star = d.indexOf('*');
      this.delimiters.add(star < 0 ? new Delimiter(d, d) : new Delimiter(d.substring(0, star), d.substring(star + 1)));
    }
    this.escape = escape.filter(e -> !e.isEmpty()).orElse(null);
  }

  String apply(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    outer:
    while (i < text.length()) {
      if (escape != null && text.startsWith(escape, i)) {
        for (Delimiter d : delimiters) {
          int at = i + escape.length();
          int end = tokenEnd(text, at, d);
          if (text.startsWith(d.start(), at) && end >= 0) {
            out.append(text, at, end + d.end().length()); // the token as written, without the escape
            i = end + d.end().length();
            continue outer;
          }
        }
      }
      for (Delimiter d : delimiters) {
        if (text.startsWith(d.start(), i)) {
          int end = tokenEnd(text, i, d);
          if (end >= 0) {
            String value = values.get(text.substring(i + d.start().length(), end));
            if (value != null) {
              out.append(value);
              i = end + d.end().length();
              continue outer;
            }
          }
        }
      }
      out.append(text.charAt(i++));
    }
    return out.toString();
  }

  /** Where the token starting at {@code at} ends (index of its end delimiter), or -1. */
  private static int tokenEnd(String text, int at, Delimiter d) {
    if (!text.startsWith(d.start(), at)) {
      return -1;
    }
    int from = at + d.start().length();
    int end = text.indexOf(d.end(), from);
    int nl = text.indexOf('\n', from);
    return end <= from || nl >= 0 && nl < end ? -1 : end;
  }
}
