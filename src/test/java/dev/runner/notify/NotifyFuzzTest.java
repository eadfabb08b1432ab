package dev.runner.notify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.e2e.Poll;
import dev.runner.notify.LineDecoder.Problem;
import dev.runner.notify.Recorder.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and adversarial byte streams against the notify protocol, seeded and repeatable: run
 * again with {@code -Dfuzz.seed=N} (every failure message says its seed). Two layers: the line
 * decoder against an independent reference reading of the same bytes, split at random places;
 * and the real server over sockets (random bytes, huge lines, NULs, broken UTF-8, partial lines
 * held open, many connections, abrupt closes, valid lines in between), after which well-behaved
 * clients must still be heard and nothing may have been delivered that no client sent.
 */
class NotifyFuzzTest {
  private static final long SEED = Long.getLong("fuzz.seed", 7_2024L);
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_]+");

  @TempDir Path base;
  private NotifyServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  // ---- what a hostile or broken child sends ----

  /** One stretch of adversarial input; streams are concatenations of these. */
  static byte[] piece(Random r) {
    return switch (r.nextInt(14)) {
      case 0 -> ascii(pick(r, "READY", "WATCHDOG", "STATUS", "MAINPID", "X_1", "status") + "=" + word(r) + "\n");
      case 1 -> randomBytes(r, r.nextInt(r.nextInt(10) == 0 ? 20_000 : 600));
      case 2 -> ascii("STATUS=" + "x".repeat(LineDecoder.MAX_LINE - 9 + r.nextInt(6)) + (r.nextBoolean() ? "\n" : "\r\n"));
      case 3 -> ascii("STATUS=" + "y".repeat(5_000 + r.nextInt(20_000)) + (r.nextBoolean() ? "\n" : ""));
      case 4 -> ascii(pick(r, "\0", "\0\0\0\n", "STATUS=a\0b\n", "\0READY=1\n", "REA\0DY=1\n", "STATUS=\0\n"));
      case 5 -> ascii(pick(r, "\n", "\r\n", "\r", "\n\n\n", "STATUS=cr\r\r\n", "\r\r\r"));
      case 6 -> bytes(0xC0, 0x80, '\n'); // overlong NUL
      case 7 -> concat(ascii("STATUS="), bytes(0xED, 0xA0, 0x80), ascii("\n")); // an encoded surrogate
      case 8 -> concat(ascii("STATUS=cut "), bytes(0xE2, 0x82), ascii(r.nextBoolean() ? "\n" : "")); // truncated €
      case 9 -> "STATUS=grüße € 😀 ✓\n".getBytes(UTF_8);
      case 10 -> ascii(pick(r, "STATUS=\u001b[31mred\u001b[0m\n", "STATUS=bell\u0007\n", "STATUS=del\u007f\n",
          "STATUS=tab\there\n"));
      case 11 -> ascii(pick(r, "=value\n", "KEY\n", "KEY=\n", "K E=1\n", "KEY=a=b=c\n", "==\n", "_=_\n"));
      case 12 -> bytes(0x80, 0xBF, 0xFE, 0xFF, '=', '1', '\n');
      default -> "STATUS=ünïcödé\n".getBytes(UTF_8);
    };
  }

  static byte[] stream(Random r, int pieces) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < pieces; i++) {
      out.writeBytes(piece(r));
    }
    return out.toByteArray();
  }

  // ---- layer 1: the decoder against a reference reading ----

  @Test
  void theDecoderAgreesWithAReferenceReadingHoweverTheBytesAreSplit() {
    Random r = new Random(SEED);
    for (int run = 0; run < 2_000; run++) {
      byte[] input = stream(r, 1 + r.nextInt(12));
      List<String> expected = reference(input);
      List<String> got = new ArrayList<>();
      LineDecoder decoder = new LineDecoder();
      LineDecoder.Sink sink = new LineDecoder.Sink() {
        @Override
        public boolean line(String key, String value) {
          got.add("line " + key + "=" + value);
          return true;
        }

        @Override
        public void problem(Problem problem) {
          got.add("problem " + problem);
        }
      };
      int at = 0;
      while (at < input.length) {
        int n = Math.min(input.length - at, r.nextInt(4) == 0 ? 1 : 1 + r.nextInt(9_000));
        decoder.feed(ByteBuffer.wrap(input, at, n), sink);
        at += n;
      }
      decoder.finish(sink);
      int runNo = run;
      assertEquals(expected, got, () -> "seed " + SEED + ", run " + runNo);
    }
  }

  /**
   * What the protocol says those bytes mean, read the simple way: cut at every newline; a line
   * longer than the limit is one TOO_LONG; else drop one trailing CR, skip it if empty, and it is
   * either a KEY=VALUE (control characters but tab shown as '?') or MALFORMED. The last line
   * counts without a newline.
   */
  static List<String> reference(byte[] input) {
    List<String> events = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= input.length; i++) {
      if (i < input.length && input[i] != '\n') {
        continue;
      }
      int end = i;
      if (end - start > LineDecoder.MAX_LINE) {
        events.add("problem " + Problem.TOO_LONG);
      } else {
        if (end > start && input[end - 1] == '\r') {
          end--;
        }
        if (end > start) {
          events.add(meaning(input, start, end));
        }
      }
      start = i + 1;
    }
    return events;
  }

  private static String meaning(byte[] input, int start, int end) {
    String text;
    try {
      CharBuffer chars = UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(input, start, end - start));
      text = chars.toString();
    } catch (CharacterCodingException e) {
      return "problem " + Problem.MALFORMED;
    }
    int eq = text.indexOf('=');
    if (eq < 1 || !KEY.matcher(text.substring(0, eq)).matches()) {
      return "problem " + Problem.MALFORMED;
    }
    StringBuilder value = new StringBuilder();
    for (char c : text.substring(eq + 1).toCharArray()) {
      boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
      value.append(control && c != '\t' ? '?' : c);
    }
    return "line " + text.substring(0, eq) + "=" + value;
  }

  // ---- layer 2: the server over real sockets ----

  @Test
  void theServerKeepsServingThroughRandomAndAdversarialTraffic() throws Exception {
    Recorder recorder = new Recorder();
    server = new NotifyServer(base, recorder);
    Path a = server.open("a");
    Path b = server.open("b");
    Set<String> sent = ConcurrentHashMap.newKeySet();
    Random r = new Random(SEED);
    int[] episodes = {0};
    inBackground("fuzz", () -> {
      Deque<SocketChannel> held = new ArrayDeque<>();
      try {
        for (int episode = 0; episode < 160; episode++) {
          episodes[0] = episode;
          switch (r.nextInt(5)) {
            case 0 -> oneConnection(a, r, sent, episode);
            case 1 -> manyConnections(a, r, episode);
            case 2 -> connectAndClose(a, r);
            case 3 -> holdAPartialLine(a, held, sent, episode);
            default -> hugeLine(a, r);
          }
          if (episode % 16 == 15) {
            // the fuzzed socket shares the server's one thread with every other child's socket
            Clients.assertGetsThrough(recorder, b, "b");
          }
        }
      } finally {
        for (SocketChannel c : held) {
          c.close(); // a partial line counts at EOF
        }
      }
    }, () -> "seed " + SEED + ", episode " + episodes[0]);

    Clients.assertGetsThrough(recorder, b, "b");
    // channel a may still be over its rate limits for a moment; a real client just beats again
    Poll.until(Recorder.PATIENCE, () -> {
      Clients.sendHostile(a, "STATUS=after the fuzz\n");
      return recorder.messages.contains(new Message("a", "STATUS", "after the fuzz"));
    }, () -> "channel a heard again after the fuzz (seed " + SEED + ")");

    for (Message m : recorder.messages) {
      assertTrue(KEY.matcher(m.key()).matches(), () -> "seed " + SEED + ": delivered a bad key: " + m);
      assertTrue(m.value().chars().noneMatch(c -> c != '\t' && Character.isISOControl(c)),
          () -> "seed " + SEED + ": delivered a control character: " + m);
      if (m.key().equals("STATUS") && m.value().startsWith("fuzz-")) {
        assertTrue(sent.contains(m.value()), () -> "seed " + SEED + ": delivered what nobody sent: " + m);
      }
    }
    assertTrue(recorder.messages.stream().anyMatch(m -> sent.contains(m.value())),
        () -> "seed " + SEED + ": some of the valid lines between the garbage were heard");
    for (Recorder.Warning w : recorder.warnings) {
      assertTrue(!w.text().contains("notify loop") && !w.text().contains("dropped a connection")
          && !w.text().contains("cannot accept"), () -> "seed " + SEED + ": the server failed inside: " + w);
    }
  }

  /** Adversarial bytes with valid lines in between (each after a newline, so it stands alone). */
  private static void oneConnection(Path socket, Random r, Set<String> sent, int episode) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int pieces = 1 + r.nextInt(8);
    for (int i = 0; i < pieces; i++) {
      out.writeBytes(piece(r));
      if (r.nextInt(3) == 0) {
        String value = "fuzz-" + episode + "-" + i;
        sent.add(value);
        out.writeBytes(ascii("\nSTATUS=" + value + "\n"));
      }
    }
    byte[] all = out.toByteArray();
    try (SocketChannel c = Clients.connect(socket)) {
      for (int at = 0; at < all.length; ) {
        int n = Math.min(all.length - at, 1 + r.nextInt(3_000));
        Clients.writeHostile(c, Arrays.copyOfRange(all, at, at + n));
        at += n;
      }
      if (r.nextBoolean()) {
        c.shutdownOutput(); // a polite end; otherwise the close below is abrupt
      }
    } catch (IOException refused) {
      // at the connection limit the server closes on us: expected
    }
  }

  private static void manyConnections(Path socket, Random r, int episode) throws IOException {
    List<SocketChannel> open = new ArrayList<>();
    try {
      int n = 1 + r.nextInt(90);
      for (int i = 0; i < n; i++) {
        SocketChannel c = Clients.connect(socket);
        open.add(c);
        Clients.writeHostile(c, r.nextBoolean() ? piece(r) : ascii("STATUS=conn-" + episode + "-" + i));
      }
    } catch (IOException refused) {
      // the backlog is full: the server protecting itself
    } finally {
      Collections.shuffle(open, r);
      for (SocketChannel c : open) {
        c.close();
      }
    }
  }

  private static void connectAndClose(Path socket, Random r) {
    for (int i = 0, n = 1 + r.nextInt(40); i < n; i++) {
      try {
        Clients.connect(socket).close();
      } catch (IOException refused) {
        // backlog full
      }
    }
  }

  private static void holdAPartialLine(Path socket, Deque<SocketChannel> held, Set<String> sent, int episode)
      throws IOException {
    if (held.size() >= 5) {
      held.removeFirst().close();
    }
    String value = "fuzz-held-" + episode;
    sent.add(value);
    try {
      SocketChannel c = Clients.connect(socket);
      held.addLast(c);
      Clients.writeHostile(c, ascii("STATUS=" + value)); // no newline: the line is not over yet
    } catch (IOException refused) {
      // backlog full
    }
  }

  private static void hugeLine(Path socket, Random r) {
    byte[] line = new byte[100_000 + r.nextInt(900_000)];
    Arrays.fill(line, (byte) 'z');
    System.arraycopy(ascii("STATUS="), 0, line, 0, 7);
    try (SocketChannel c = Clients.connect(socket)) {
      Clients.writeHostile(c, line);
    } catch (IOException refused) {
      // backlog full
    }
  }

  // ---- helpers ----

  private static void inBackground(String name, Clients.IoAction action, Supplier<String> where)
      throws InterruptedException {
    Clients.inBackground(name, action, () -> "fuzzing at " + where.get());
  }

  private static String pick(Random r, String... choices) {
    return choices[r.nextInt(choices.length)];
  }

  private static String word(Random r) {
    StringBuilder b = new StringBuilder();
    for (int i = 0, n = r.nextInt(12); i < n; i++) {
      b.append((char) ('a' + r.nextInt(26)));
    }
    return b.toString();
  }

  private static byte[] randomBytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(UTF_8);
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
