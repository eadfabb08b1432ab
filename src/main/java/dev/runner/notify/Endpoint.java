package dev.runner.notify;

import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * One child's socket: its listener and the connections accepted on it. Which socket a line came
 * in on is how the runner knows which child sent it (Java cannot ask a Unix socket for its peer's
 * pid). The connection set and the flag are only touched by the notify thread.
 */
final class Endpoint {
  /** At most this many connections at once; extra ones are closed as soon as accepted. */
  static final int MAX_CONNECTIONS = 64;
  /** Lines per second over all connections of the socket, against connect-send-close floods. */
  static final int MAX_LINES_PER_SECOND = 2000;

  final String key;
  final Path path;
  final ServerSocketChannel server;
  final Set<Connection> connections = new HashSet<>();
  final TokenBucket lines;
  boolean warnedFull;

  Endpoint(String key, Path path, ServerSocketChannel server, long now) {
    this.key = key;
    this.path = path;
    this.server = server;
    this.lines = new TokenBucket(MAX_LINES_PER_SECOND, 1_000_000_000L / MAX_LINES_PER_SECOND, now);
  }
}
