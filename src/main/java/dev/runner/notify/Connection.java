package dev.runner.notify;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One accepted client connection and the rules it is held to: its lines are decoded by a
 * {@link LineDecoder}; each kind of bad input is warned about once per connection; more than
 * {@link #MAX_LINES_PER_SECOND} lines or {@link #MAX_BYTES_PER_SECOND} bytes per second (token
 * buckets, so short bursts pass) ends the connection with one warning. A {@code LISTEN=<topic>}
 * line makes it the connection that receives the runner's lines for that topic
 * ({@link NotifyServer#send}); what it does not read at once waits in a buffer of at most
 * {@link #MAX_PENDING_BYTES}, beyond which the connection is closed. Used only by the notify
 * thread.
 */
final class Connection implements LineDecoder.Sink {
  static final int MAX_LINES_PER_SECOND = 1000;
  static final int MAX_BYTES_PER_SECOND = 64 * 1024;
  /** Lines the runner wrote that the client has not read yet. */
  static final int MAX_PENDING_BYTES = 64 * 1024;
  static final String LISTEN = "LISTEN";
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  final SocketChannel socket;
  final Endpoint endpoint;
  private final NotifyServer.Listener out;
  private final LineDecoder decoder = new LineDecoder();
  private final TokenBucket lines;
  private final TokenBucket bytes;
  private final Set<LineDecoder.Problem> warned = EnumSet.noneOf(LineDecoder.Problem.class);
  private long now;
  private final Set<String> topics = new HashSet<>();
  /** When this connection last said LISTEN, so the newest listener of a topic gets the lines. */
  long listenedAt;
  private ByteBuffer pending; // null when everything written has gone out

  Connection(SocketChannel socket, Endpoint endpoint, NotifyServer.Listener out, long now) {
    this.socket = socket;
    this.endpoint = endpoint;
    this.out = out;
    this.lines = new TokenBucket(MAX_LINES_PER_SECOND, 1_000_000_000L / MAX_LINES_PER_SECOND, now);
    this.bytes = new TokenBucket(MAX_BYTES_PER_SECOND, 1_000_000_000L / MAX_BYTES_PER_SECOND, now);
  }

  /**
   * Reads what is there (at most one buffer, so a busy client cannot starve the others) and
   * delivers its lines; false when the connection is finished and must be closed.
   */
  boolean read(ByteBuffer buffer, long now) throws IOException {
    this.now = now;
    buffer.clear();
    int n = socket.read(buffer);
    if (n < 0) {
      decoder.finish(this); // EOF, also after the client's shutdownOutput()
      return false;
    }
    if (!bytes.take(n, now)) {
      out.warning(endpoint.key, "a client sent more than " + MAX_BYTES_PER_SECOND / 1024
          + " KiB/s on one connection; closed it");
      return false;
    }
    buffer.flip();
    return decoder.feed(buffer, this);
  }

  @Override
  public boolean line(String key, String value) {
    if (!lines.take(1, now)) {
      out.warning(endpoint.key, "a client sent more than " + MAX_LINES_PER_SECOND
          + " lines/s on one connection; closed it");
      return false;
    }
    if (!endpoint.lines.take(1, now)) {
      out.warning(endpoint.key, "clients sent more than " + Endpoint.MAX_LINES_PER_SECOND
          + " lines/s on this socket; closed a connection");
      return false;
    }
    if (key.equals(LISTEN) && TOPIC.matcher(value).matches()) {
      topics.add(value);
      listenedAt = now;
    }
    out.message(endpoint.key, key, value);
    return true;
  }

  boolean listensTo(String topic) {
    return topics.contains(topic);
  }

  /**
   * Writes {@code bytes} as far as the socket takes them now and keeps the rest for
   * {@link #flush}; false when the client has left too much unread (the caller drops it).
   */
  boolean write(byte[] bytes, SelectionKey key) throws IOException {
    if (pending == null) {
      ByteBuffer out = ByteBuffer.wrap(bytes);
      socket.write(out);
      if (!out.hasRemaining()) {
        return true;
      }
      pending = ByteBuffer.allocate(MAX_PENDING_BYTES);
      bytes = Arrays.copyOfRange(bytes, out.position(), bytes.length);
    } else {
      pending.compact();
    }
    if (pending.remaining() < bytes.length) {
      return false;
    }
    pending.put(bytes).flip();
    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    return true;
  }

  /** Writes what is pending; once it is all out, only reading is of interest again. */
  void flush(SelectionKey key) throws IOException {
    if (pending != null) {
      socket.write(pending);
      if (pending.hasRemaining()) {
        return;
      }
      pending = null;
    }
    key.interestOps(SelectionKey.OP_READ);
  }

  @Override
  public void problem(LineDecoder.Problem problem) {
    if (!warned.add(problem)) {
      return;
    }
    String what = switch (problem) {
      case TOO_LONG -> "a line longer than " + LineDecoder.MAX_LINE + " bytes";
      case MALFORMED -> "a line that is not UTF-8 KEY=VALUE";
    };
    out.warning(endpoint.key, "dropped " + what + " (more on this connection are dropped silently)");
  }
}
