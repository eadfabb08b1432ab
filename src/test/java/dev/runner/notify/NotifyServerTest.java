package dev.runner.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.notify.Recorder.Message;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifyServerTest {
  @TempDir Path base;
  private final Recorder recorder = new Recorder();
  private NotifyServer server;

  @BeforeEach
  void start() throws IOException {
    server = new NotifyServer(base, recorder);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void deliversReadyStatusWatchdogWithTheChannelKey() throws IOException {
    Path socket = server.open("gen1-w0");
    assertEquals(server.directory().resolve("gen1-w0.sock"), socket);

    Clients.send(socket, "READY=1\nSTATUS=serving on port 8080\nWATCHDOG=1\nMAINPID=42\n");

    recorder.awaitMessage(new Message("gen1-w0", "MAINPID", "42"));
    assertEquals(List.of(
        new Message("gen1-w0", "READY", "1"),
        new Message("gen1-w0", "STATUS", "serving on port 8080"),
        new Message("gen1-w0", "WATCHDOG", "1"),
        new Message("gen1-w0", "MAINPID", "42")), List.copyOf(recorder.messages));
    assertEquals(List.of(), List.copyOf(recorder.warnings));
  }

  @Test
  void aConnectionKeptOpenDeliversEachLineAsItComes() throws IOException {
    Path socket = server.open("child");
    try (SocketChannel channel = Clients.connect(socket)) {
      for (int i = 0; i < 3; i++) {
        Clients.write(channel, ("WATCHDOG=1\nSTATUS=beat " + i + "\n").getBytes());
        recorder.awaitMessage(new Message("child", "STATUS", "beat " + i));
      }
    }
  }

  @Test
  void unknownKeysArePassedOn() throws IOException {
    Path socket = server.open("child");
    Clients.send(socket, "X_CUSTOM=yes\nERRNO=2\n");
    recorder.awaitMessage(new Message("child", "ERRNO", "2"));
    assertTrue(recorder.messages.contains(new Message("child", "X_CUSTOM", "yes")));
  }

  @Test
  void twoChannelsAreToldApart() throws IOException {
    Path a = server.open("gen2-w0");
    Path b = server.open("gen2-w1");
    Clients.send(b, "STATUS=from b\n");
    Clients.send(a, "STATUS=from a\n");

    recorder.awaitMessage(new Message("gen2-w0", "STATUS", "from a"));
    recorder.awaitMessage(new Message("gen2-w1", "STATUS", "from b"));
    assertEquals(2, recorder.messages.size());
  }

  @Test
  void directoryIsPrivateAndGoneAfterClose() throws IOException {
    Path dir = server.directory();
    assertEquals(base.toRealPath(), dir.getParent().toRealPath());
    assertTrue(dir.getFileName().toString().startsWith("runner-" + ProcessHandle.current().pid() + "-"));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    Path socket = server.open("child");
    assertTrue(Files.exists(socket));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));

    server.close();

    assertFalse(Files.exists(dir));
    assertThrows(IllegalStateException.class, () -> server.open("late"));
    server.close(); // again: nothing happens
  }

  @Test
  void closingAChannelDeletesItsSocketAndEndsItsConnections() throws IOException {
    Path socket = server.open("child");
    try (SocketChannel open = Clients.connect(socket)) {
      Clients.write(open, "READY=1\n".getBytes());
      recorder.awaitMessage(new Message("child", "READY", "1"));

      server.close("child");

      assertFalse(Files.exists(socket));
      Clients.awaitClosedByServer(open);
    }
    assertThrows(IOException.class, () -> Clients.send(socket, "READY=1\n"));
    server.close("child"); // unknown now: ignored

    assertEquals(socket, server.open("child"), "the key can be used again");
    Clients.assertGetsThrough(recorder, socket, "child");
  }

  @Test
  void keysAreSanitisedAndStayInsideTheDirectory() throws IOException {
    Path evil = server.open("../../etc/passwd");
    Path slash = server.open("a/b");
    Path underscore = server.open("a_b");

    for (Path p : List.of(evil, slash, underscore)) {
      assertEquals(server.directory(), p.getParent());
    }
    assertNotEquals(slash, underscore);
    assertThrows(IllegalStateException.class, () -> server.open("a/b"));

    Clients.send(slash, "STATUS=slash\n");
    Clients.send(underscore, "STATUS=underscore\n");
    recorder.awaitMessage(new Message("a/b", "STATUS", "slash"));
    recorder.awaitMessage(new Message("a_b", "STATUS", "underscore"));
  }

  @Test
  void aListenerThatThrowsDoesNotStopTheServer() throws IOException {
    Recorder behind = new Recorder();
    try (NotifyServer fragile = new NotifyServer(base, new NotifyServer.Listener() {
      @Override
      public void message(String channelKey, String key, String value) {
        if (value.equals("boom")) {
          throw new IllegalStateException("listener bug");
        }
        behind.message(channelKey, key, value);
      }

      @Override
      public void warning(String channelKey, String text) {
        behind.warning(channelKey, text);
      }
    })) {
      Path socket = fragile.open("child");
      Clients.send(socket, "STATUS=boom\n");
      behind.awaitWarning("child", "listener bug");
      Clients.assertGetsThrough(behind, socket, "child");
    }
  }
}
