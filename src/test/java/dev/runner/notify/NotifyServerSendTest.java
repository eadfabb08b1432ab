package dev.runner.notify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.e2e.Poll;
import dev.runner.notify.Recorder.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines the runner writes back, to the connection that asked with {@code LISTEN=<topic>}. */
class NotifyServerSendTest {
  @TempDir Path base;
  private final Recorder recorder = new Recorder();
  private NotifyServer server;
  private Path socket;

  @BeforeEach
  void start() throws IOException {
    server = new NotifyServer(base, recorder);
    socket = server.open("child");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theListeningConnectionGetsTheLineAndAnswersOnIt() throws Exception {
    try (SocketChannel agent = listen("hotswap")) {
      assertTrue(send("hotswap", "REDEFINE=1 /tmp/list"));
      assertEquals("REDEFINE=1 /tmp/list", readLine(agent));
      Clients.write(agent, "REDEFINED=1 ok 2\n".getBytes(UTF_8));
      recorder.awaitMessage(new Message("child", "REDEFINED", "1 ok 2"));
    }
  }

  @Test
  void withoutAListenerOfThatTopicNothingIsSent() throws Exception {
    assertFalse(send("hotswap", "REDEFINE=1 x"), "nobody connected");
    try (SocketChannel other = listen("metrics")) {
      assertFalse(send("hotswap", "REDEFINE=1 x"), "a listener of another topic");
      assertFalse(server.send("no-such-channel", "hotswap", "REDEFINE=1 x").get(20, TimeUnit.SECONDS));
    }
  }

  @Test
  void theNewestListenerGetsIt() throws Exception {
    try (SocketChannel first = listen("hotswap"); SocketChannel second = listen("hotswap")) {
      assertTrue(send("hotswap", "REDEFINE=2 y"));
      assertEquals("REDEFINE=2 y", readLine(second));
    }
  }

  @Test
  void aListenerThatNeverReadsIsClosed() throws Exception {
    try (SocketChannel deaf = listen("hotswap")) {
      String line = "REDEFINE=" + "x".repeat(4000);
      int sent = 0;
      while (send("hotswap", line)) {
        assertTrue(++sent < 10_000, "still accepted after " + sent + " lines");
      }
      recorder.awaitWarning("child", "did not read");
      assertFalse(send("hotswap", "REDEFINE=3 z"), "the dropped listener gets nothing more");
      awaitEndOfInput(deaf);
    }
  }

  @Test
  void onlyOneKeyValueLineIsSent() {
    assertThrows(IllegalArgumentException.class, () -> server.send("child", "t", "A=1\nB=2"));
    assertThrows(IllegalArgumentException.class, () -> server.send("child", "t", "no equals sign"));
    assertThrows(IllegalArgumentException.class, () -> server.send("child", "t", "A=" + "x".repeat(5000)));
  }

  /** Reads what the server had written before it closed, up to the end. */
  private static void awaitEndOfInput(SocketChannel channel) throws IOException {
    channel.configureBlocking(false);
    ByteBuffer sink = ByteBuffer.allocate(1 << 16);
    Poll.until(Recorder.PATIENCE, () -> {
      try {
        for (int n; (n = channel.read(sink.clear())) != 0; ) {
          if (n < 0) {
            return true;
          }
        }
        return false;
      } catch (IOException reset) {
        return true;
      }
    }, () -> "the server to close the connection");
  }

  private SocketChannel listen(String topic) throws IOException {
    Message listen = new Message("child", "LISTEN", topic);
    long before = recorder.countMessages(listen::equals);
    SocketChannel channel = Clients.connect(socket);
    Clients.write(channel, ("LISTEN=" + topic + "\n").getBytes(UTF_8));
    Poll.until(Recorder.PATIENCE, () -> recorder.countMessages(listen::equals) > before, () -> listen + " heard");
    return channel;
  }

  private boolean send(String topic, String line) throws Exception {
    return server.send("child", topic, line).get(20, TimeUnit.SECONDS);
  }

  /** One line, read as it arrives; fails at the test's deadline rather than hang. */
  private static String readLine(SocketChannel channel) throws IOException {
    channel.configureBlocking(false);
    StringBuilder line = new StringBuilder();
    ByteBuffer one = ByteBuffer.allocate(1);
    boolean[] done = {false};
    Poll.until(Recorder.PATIENCE, () -> {
      try {
        for (one.clear(); !done[0] && channel.read(one) > 0; one.clear()) {
          char c = (char) one.get(0);
          done[0] = c == '\n';
          if (!done[0]) {
            line.append(c);
          }
        }
        return done[0];
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, () -> "a whole line, got '" + line + "'");
    return line.toString();
  }
}
