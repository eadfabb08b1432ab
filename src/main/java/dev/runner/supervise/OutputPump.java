package dev.runner.supervise;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies one worker's output line by line with a {@code [w1]} prefix, so the lines of several
 * workers can be told apart. With one worker the runner does not use this: the child writes to
 * the terminal directly, so its colours and line buffering stay exactly as they are.
 */
final class OutputPump implements Runnable {
  private final InputStream in;
  private final PrintStream out;
  private final String prefix;

  private OutputPump(InputStream in, PrintStream out, String prefix) {
    this.in = in;
    this.out = out;
    this.prefix = prefix;
  }

  /** Starts a named daemon thread that pumps until the stream ends (the worker's tree is gone). */
  static void start(InputStream in, PrintStream out, int worker, long pid, String stream) {
    Thread t = new Thread(new OutputPump(in, out, "[w" + worker + "] "), "output " + stream + " " + pid);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void run() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (out) {
          out.println(prefix + line);
        }
      }
    } catch (IOException e) {
      // the worker is gone
    }
  }
}
