package dev.runner.supervise;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies one worker's output line by line with a {@code [w1]} prefix, so the lines of several
 * workers can be told apart. With one worker the runner does not use this: the child writes to
 * the terminal directly, so its colours and line buffering stay exactly as they are.
 *
 * <p>Bytes pass through as they are (no decoding). Memory is bounded whatever the worker prints:
 * a line longer than {@link #MAX_LINE} bytes is cut into several prefixed lines (never inside a
 * UTF-8 character), so 100 MB without a newline costs no more than 100 MB of short lines. Whole
 * lines read together are written together, so workers' lines never interleave mid-line.
 */
final class OutputPump implements Runnable {
  static final int MAX_LINE = 8 * 1024;

  private final InputStream in;
  private final PrintStream out;
  private final byte[] prefix;
  private final byte[] line = new byte[MAX_LINE];
  private int length;

  OutputPump(InputStream in, PrintStream out, String prefix) {
    this.in = in;
    this.out = out;
    this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
  }

  /** Starts a named daemon thread that pumps until the stream ends (the worker's tree is gone). */
  static void start(InputStream in, PrintStream out, int worker, long pid, String stream) {
    Thread t = new Thread(new OutputPump(in, out, "[w" + worker + "] "), "output " + stream + " " + pid);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void run() {
    byte[] buf = new byte[64 * 1024];
    ByteArrayOutputStream ready = new ByteArrayOutputStream(buf.length + 1024);
    try (in) {
      int n;
      while ((n = in.read(buf)) > 0) {
        for (int i = 0; i < n; i++) {
          byte b = buf[i];
          if (b == '\n') {
            emit(ready, length);
          } else {
            if (length == MAX_LINE) {
              emit(ready, cutPoint());
            }
            line[length++] = b;
          }
        }
        flush(ready);
      }
    } catch (IOException e) {
      // the worker is gone
    }
    if (length > 0) {
      emit(ready, length); // a last line without a newline still gets one
      flush(ready);
    }
  }

  /** Moves {@code line[0..cut)} to {@code ready} as one prefixed line, keeping the rest pending. */
  private void emit(ByteArrayOutputStream ready, int cut) {
    ready.write(prefix, 0, prefix.length);
    ready.write(line, 0, cut);
    ready.write('\n');
    System.arraycopy(line, cut, line, 0, length - cut);
    length -= cut;
  }

  /** Where to cut a full line: before a UTF-8 character that is not complete yet, else at the end. */
  private int cutPoint() {
    int i = length - 1;
    while (i > length - 4 && i > 0 && (line[i] & 0xC0) == 0x80) {
      i--; // back over continuation bytes to the lead byte
    }
    int lead = line[i] & 0xFF;
    int size = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return i + size > length && i > 0 ? i : length;
  }

  private void flush(ByteArrayOutputStream ready) {
    if (ready.size() == 0) {
      return;
    }
    synchronized (out) {
      try {
        ready.writeTo(out);
      } catch (IOException e) {
        // a PrintStream does not throw; it remembers the error (the terminal is gone) and drops the rest
      }
      out.flush();
    }
    ready.reset();
  }
}
