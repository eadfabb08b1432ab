package dev.runner.notify;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.runner.e2e.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Well-behaved and hostile notify clients for tests. */
final class Clients {
  private static final AtomicInteger PROBES = new AtomicInteger();

  private Clients() {}

  static SocketChannel connect(Path socket) throws IOException {
    return SocketChannel.open(UnixDomainSocketAddress.of(socket));
  }

  /** Connects, writes {@code text}, closes: what a one-shot {@code sd_notify} does. */
  static void send(Path socket, String text) throws IOException {
    try (SocketChannel channel = connect(socket)) {
      write(channel, text.getBytes(UTF_8));
    }
  }

  /** Like {@link #send}, for hostile clients: the server refusing or closing on us is expected. */
  static void sendHostile(Path socket, String text) {
    try (SocketChannel channel = connect(socket)) {
      writeHostile(channel, text.getBytes(UTF_8));
    } catch (IOException expected) {
      // Refused at the connection limit: the server protecting itself.
    }
  }

  static void write(SocketChannel channel, byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** Writes as much as the server lets through; the server closing on us is expected. */
  static void writeHostile(SocketChannel channel, byte[] bytes) {
    try {
      write(channel, bytes);
    } catch (IOException expected) {
      // Broken pipe or reset: the server gave up on this connection, as it should.
    }
  }

  /** A well-behaved client on {@code channel} is heard (one connection, one line). */
  static void assertGetsThrough(Recorder recorder, Path socket, String channel) {
    String value = "probe-" + PROBES.incrementAndGet();
    try {
      send(socket, "STATUS=" + value + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("a well-behaved client cannot connect to " + socket, e);
    }
    recorder.awaitMessage(new Recorder.Message(channel, "STATUS", value));
  }

  /** Waits until the server has closed its end of {@code channel}. */
  static void awaitClosedByServer(SocketChannel channel) throws IOException {
    channel.configureBlocking(false);
    ByteBuffer sink = ByteBuffer.allocate(64);
    Poll.until(Recorder.PATIENCE, () -> {
      try {
        sink.clear();
        return channel.read(sink) < 0;
      } catch (IOException reset) {
        return true;
      }
    }, () -> "the server to close the connection");
  }

  /** A client action that may fail with an I/O error. */
  interface IoAction {
    void run() throws IOException;
  }

  /**
   * Runs a hostile client on a thread of its own, so a server that stops reading fails the test
   * (naming {@code where}) instead of hanging it.
   */
  static void inBackground(String name, IoAction action, Supplier<String> where)
      throws InterruptedException {
    FutureTask<Void> task = new FutureTask<>(() -> {
      action.run();
      return null;
    });
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
    try {
      task.get(Recorder.PATIENCE.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(where.get() + " is still writing: the server stopped reading", e);
    } catch (ExecutionException e) {
      throw new AssertionError(where.get() + " failed", e.getCause());
    }
  }
}
