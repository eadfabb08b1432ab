package dev.runner.notify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.e2e.Poll;
import dev.runner.notify.Recorder.Message;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad clients on channel "a", each followed by well-behaved clients on "a" and on "b". The
 * hostile writers run on their own thread, so a server that stopped reading could not hang the
 * test, only fail it.
 */
class NotifyServerHostileTest {
  @TempDir Path base;
  private final Recorder recorder = new Recorder();
  private NotifyServer server;
  private Path a;
  private Path b;

  @BeforeEach
  void start() throws IOException {
    server = new NotifyServer(base, recorder);
    a = server.open("a");
    b = server.open("b");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void assertBothChannelsStillWork() {
    Clients.assertGetsThrough(recorder, b, "b");
    Clients.assertGetsThrough(recorder, a, "a");
  }

  private static void inBackground(String name, Clients.IoAction action) throws Exception {
    Clients.inBackground(name, action, () -> name);
  }

  @Test
  void tenMegabytesOfRandomGarbage() throws Exception {
    byte[] garbage = new byte[10 * 1024 * 1024];
    new Random(42).nextBytes(garbage);
    inBackground("garbage", () -> {
      try (SocketChannel channel = Clients.connect(a)) {
        Clients.writeHostile(channel, garbage);
        Clients.awaitClosedByServer(channel);
      }
    });
    recorder.awaitWarning("a", "KiB/s");
    assertTrue(recorder.countWarnings(w -> true) <= 3, () -> "one warning per rule: " + recorder.warnings);
    assertBothChannelsStillWork();
  }

  @Test
  void oneMegabyteLineWithoutNewline() throws Exception {
    byte[] line = ("STATUS=" + "x".repeat(1024 * 1024)).getBytes(UTF_8);
    inBackground("long line", () -> {
      try (SocketChannel channel = Clients.connect(a)) {
        Clients.writeHostile(channel, line);
        Clients.awaitClosedByServer(channel);
      }
    });
    recorder.awaitWarning("a", "longer than 4096 bytes");
    assertEquals(0, recorder.countMessages(m -> m.key().equals("STATUS")), "nothing of it delivered");
    assertBothChannelsStillWork();
  }

  @Test
  void longLinesAtAPoliteRateAreSkippedAndTheConnectionLivesOn() throws Exception {
    try (SocketChannel channel = Clients.connect(a)) {
      Clients.write(channel, ("STATUS=" + "x".repeat(5000) + "\nSTATUS=after\n").getBytes(UTF_8));
      recorder.awaitMessage(new Message("a", "STATUS", "after"));
      Clients.write(channel, ("STATUS=" + "y".repeat(5000) + "\nSTATUS=again\n").getBytes(UTF_8));
      recorder.awaitMessage(new Message("a", "STATUS", "again"));
    }
    assertEquals(1, recorder.countWarnings(w -> w.text().contains("longer than")), "once per connection");
  }

  @Test
  void hundredConcurrentConnections() throws Exception {
    List<SocketChannel> clients = new ArrayList<>();
    try {
      inBackground("connections", () -> {
        for (int i = 0; i < 100; i++) {
          SocketChannel channel = Clients.connect(a);
          clients.add(channel);
          Clients.writeHostile(channel, ("STATUS=conn-" + i + "\nSTATUS=partial").getBytes(UTF_8));
        }
      });
      recorder.awaitWarning("a", "more than 64 connections");
      Poll.until(Recorder.PATIENCE, () -> connLines() == 64, () -> "64 connections heard, got " + connLines());
      Clients.assertGetsThrough(recorder, b, "b"); // while all 100 are still open
    } finally {
      for (SocketChannel channel : clients) {
        channel.close();
      }
    }
    assertBothChannelsStillWork();
    assertEquals(64, connLines(), "the extra ones were closed unheard");
    assertEquals(64, recorder.countMessages(m -> m.value().equals("partial")), "last lines count at EOF");
    assertEquals(1, recorder.countWarnings(w -> w.text().contains("connections")));
  }

  private long connLines() {
    return recorder.countMessages(m -> m.value().startsWith("conn-"));
  }

  @Test
  void halfClosedSocketsAreDeliveredAndClosed() throws Exception {
    for (String text : List.of("STATUS=half\n", "STATUS=half without newline")) {
      try (SocketChannel channel = Clients.connect(a)) {
        Clients.write(channel, text.getBytes(UTF_8));
        channel.shutdownOutput();
        Clients.awaitClosedByServer(channel);
      }
    }
    recorder.awaitMessage(new Message("a", "STATUS", "half"));
    recorder.awaitMessage(new Message("a", "STATUS", "half without newline"));
    try (SocketChannel silent = Clients.connect(a)) {
      silent.shutdownOutput();
      Clients.awaitClosedByServer(silent);
    }
    assertBothChannelsStillWork();
  }

  @Test
  void floodOfValidLinesOnOneConnection() throws Exception {
    byte[] flood = "WATCHDOG=1\n".repeat(200_000).getBytes(UTF_8);
    inBackground("flood", () -> {
      try (SocketChannel channel = Clients.connect(a)) {
        Clients.writeHostile(channel, flood);
        Clients.awaitClosedByServer(channel);
      }
    });
    recorder.awaitWarning("a", "lines/s on one connection");
    long heard = recorder.countMessages(m -> m.key().equals("WATCHDOG"));
    assertTrue(heard < 200_000, "input was cut off, heard " + heard);
    assertBothChannelsStillWork();
  }

  @Test
  void manyBadClientsCannotFloodTheLog() throws Exception {
    inBackground("bad clients", () -> {
      for (int i = 0; i < 200; i++) {
        Clients.sendHostile(a, "junk without equals\n");
      }
    });
    Poll.until(Recorder.PATIENCE, () -> recorder.warnings.size() >= 10, () -> "the first burst of warnings");
    assertBothChannelsStillWork();
    assertTrue(recorder.warnings.size() <= 12, () -> "rate-limited: " + recorder.warnings.size());
  }

  @Test
  void connectSendCloseFloodDoesNotStarveAnotherChild() throws Exception {
    inBackground("reconnecting flood", () -> {
      for (int i = 0; i < 5_000; i++) {
        Clients.sendHostile(a, "WATCHDOG=1\nWATCHDOG=1\n");
      }
    });
    Clients.assertGetsThrough(recorder, b, "b");
    // The flooding child's own socket may still be cooling down; a real client retries its next beat.
    Poll.until(Recorder.PATIENCE, () -> {
      try {
        Clients.send(a, "STATUS=after the flood\n");
      } catch (IOException e) {
        return false;
      }
      return recorder.messages.contains(new Message("a", "STATUS", "after the flood"));
    }, () -> "channel a to be heard again");
  }
}
