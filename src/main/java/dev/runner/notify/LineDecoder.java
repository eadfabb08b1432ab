package dev.runner.notify;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts one connection's byte stream into {@code KEY=VALUE} lines, whatever the client sends:
 * input may be split anywhere, a line longer than {@link #MAX_LINE} bytes is skipped up to its
 * newline without being buffered, and bytes that are not UTF-8 or a line that is not
 * {@code KEY=VALUE} (key of ASCII letters, digits, '_') are reported, never delivered. Control
 * characters in a value become '?', so a STATUS cannot drive the runner's terminal. A trailing
 * CR is dropped, empty lines are ignored, and a last line without newline counts at end of input.
 */
public final class LineDecoder {
  /** Longest line in bytes, without its newline. */
  static final int MAX_LINE = 4096;

  enum Problem { TOO_LONG, MALFORMED }

  /** Where lines and problems go; {@link #line} returns false to stop decoding this input. */
  interface Sink {
    boolean line(String key, String value);

    void problem(Problem problem);
  }

  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private byte[] line = new byte[128];
  private int length;
  private boolean discarding;

  /** Consumes all of {@code in}; false when the sink asked to stop. */
  boolean feed(ByteBuffer in, Sink sink) {
    while (in.hasRemaining()) {
      byte b = in.get();
      if (b == '\n') {
        boolean wasDiscarding = discarding;
        discarding = false;
        if (!wasDiscarding && !emit(sink)) {
          return false;
        }
        length = 0;
      } else if (!discarding) {
        if (length == MAX_LINE) {
          discarding = true;
          length = 0;
          sink.problem(Problem.TOO_LONG);
        } else {
          append(b);
        }
      }
    }
    return true;
  }

  /** End of input: a last line without newline still counts. */
  void finish(Sink sink) {
    if (!discarding && length > 0) {
      emit(sink);
    }
    length = 0;
    discarding = false;
  }

  private void append(byte b) {
    if (length == line.length) {
      line = Arrays.copyOf(line, Math.min(MAX_LINE, line.length * 2));
    }
    line[length++] = b;
  }

  private boolean emit(Sink sink) {
    int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
    length = 0;
    if (end == 0) {
      return true;
    }
    String text;
    try {
      CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(line, 0, end));
      text = chars.toString();
    } catch (CharacterCodingException e) {
      sink.problem(Problem.MALFORMED);
      return true;
    }
    int eq = text.indexOf('=');
    if (eq <= 0 || !isKey(text, eq)) {
      sink.problem(Problem.MALFORMED);
      return true;
    }
    return sink.line(text.substring(0, eq), printable(text.substring(eq + 1)));
  }

  private static boolean isKey(String text, int end) {
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * The text with every control character but tab shown as '?', so that it can neither start a
   * line of its own nor drive the terminal (also used for the runner's own output lines).
   */
  public static String printable(String value) {
    StringBuilder out = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\t' && Character.isISOControl(c)) {
        if (out == null) {
          out = new StringBuilder(value);
        }
        out.setCharAt(i, '?');
      }
    }
    return out == null ? value : out.toString();
  }
}
