package dev.runner.notify;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.EnumSet;
import java.util.Set;

/**
 * One accepted client connection and the rules it is held to: its lines are decoded by a
 * {@link LineDecoder}; each kind of bad input is warned about once per connection; more than
 * {@link #MAX_LINES_PER_SECOND} lines or {@link #MAX_BYTES_PER_SECOND} bytes per second (token
 * buckets, so short bursts pass) ends the connection with one warning. Used only by the notify
 * thread.
 */
final class Connection implements LineDecoder.Sink {
  static final int MAX_LINES_PER_SECOND = 1000;
  static final int MAX_BYTES_PER_SECOND = 64 * 1024;

  final SocketChannel socket;
  final Endpoint endpoint;
  private final NotifyServer.Listener out;
  private final LineDecoder decoder = new LineDecoder();
  private final TokenBucket lines;
  private final TokenBucket bytes;
  private final Set<LineDecoder.Problem> warned = EnumSet.noneOf(LineDecoder.Problem.class);
  private long now;

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
    out.message(endpoint.key, key, value);
    return true;
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
