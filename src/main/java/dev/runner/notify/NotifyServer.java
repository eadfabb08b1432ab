package dev.runner.notify;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Receives {@code KEY=VALUE} lines from children over Unix-domain stream sockets, one socket per
 * child (that is how a line is attributed: Java cannot ask a Unix socket for its peer's pid) in a
 * private directory, and hands them to a {@link Listener}. One daemon thread serves them all
 * without ever blocking on a client ({@link NotifyLoop}). See the package documentation for the
 * protocol and its limits.
 */
public final class NotifyServer implements AutoCloseable {
  /** Environment variable that carries the socket path to the child. */
  public static final String ENV_SOCKET = "RUNNER_NOTIFY_SOCKET";

  /** Called on the notify thread; must not block (post an event and return). */
  public interface Listener {
    void message(String channelKey, String key, String value);

    /** {@code channelKey} is empty for a problem of the server as a whole. Already rate-limited. */
    void warning(String channelKey, String text);
  }

  /** The longest socket path Linux accepts (sun_path is 108 bytes with its NUL). */
  private static final int MAX_SOCKET_PATH = 107;

  private final RuntimeDir dir;
  private final NotifyLoop loop;
  private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** A server whose directory is under {@code $XDG_RUNTIME_DIR}, or else {@code java.io.tmpdir}. */
  public NotifyServer(Listener listener) throws IOException {
    this(RuntimeDir.createDefault(), listener);
  }

  /** A server whose directory is under {@code base} (tests, or a runner told where to put it). */
  public NotifyServer(Path base, Listener listener) throws IOException {
    this(RuntimeDir.create(base), listener);
  }

  private NotifyServer(RuntimeDir dir, Listener listener) throws IOException {
    this.dir = dir;
    try {
      this.loop = new NotifyLoop(new GuardedListener(Objects.requireNonNull(listener, "listener")));
    } catch (IOException | RuntimeException e) {
      dir.close();
      throw e;
    }
  }

  /** The private (0700) directory that holds the sockets. */
  public Path directory() {
    return dir.path;
  }

  /**
   * Creates the socket for {@code channelKey} and returns its path; it accepts connections as
   * soon as this returns. The file name is the key with anything but {@code [A-Za-z0-9._-]}
   * replaced, cut to 40 characters, and numbered if that name is taken.
   */
  public synchronized Path open(String channelKey) throws IOException {
    Objects.requireNonNull(channelKey, "channelKey");
    if (closed) {
      throw new IllegalStateException("notify server is closed");
    }
    if (endpoints.containsKey(channelKey)) {
      throw new IllegalStateException("notify channel '" + channelKey + "' is already open");
    }
    Path path = freeSocketPath(channelKey);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(path), Endpoint.MAX_CONNECTIONS);
      // bind() leaves the file as the umask says (often 0755, 0775 with a shared-group umask); the
      // directory already keeps others out, and this keeps the socket itself owner-only as well
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
      server.configureBlocking(false);
    } catch (IOException e) {
      server.close();
      throw new IOException("cannot listen on " + path + ": " + e.getMessage(), e);
    }
    Endpoint endpoint = new Endpoint(channelKey, path, server, System.nanoTime());
    endpoints.put(channelKey, endpoint);
    loop.add(endpoint);
    return path;
  }

  /**
   * Closes the socket of {@code channelKey} and its connections and deletes its file; once this
   * returns the listener hears nothing more from it, and the key may be opened again. Unknown
   * keys are ignored.
   */
  public void close(String channelKey) {
    Endpoint endpoint;
    synchronized (this) {
      endpoint = endpoints.remove(channelKey);
    }
    if (endpoint != null) {
      loop.remove(endpoint);
    }
  }

  /**
   * Writes one {@code KEY=VALUE} line back to the child of {@code channelKey}, on the connection
   * that most recently sent {@code LISTEN=<topic>}. Never blocks: the future completes on the
   * notify thread, true once the line is written (or buffered), false when nobody listens to
   * {@code topic} there (or the channel is closed, or the client stopped reading and was dropped).
   */
  public CompletableFuture<Boolean> send(String channelKey, String topic, String line) {
    int eq = line.indexOf('=');
    if (eq <= 0 || line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("not one KEY=VALUE line: " + line);
    }
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    if (bytes.length > LineDecoder.MAX_LINE) {
      throw new IllegalArgumentException("a line of " + bytes.length + " bytes is longer than " + LineDecoder.MAX_LINE);
    }
    Endpoint endpoint = endpoints.get(channelKey);
    return endpoint == null || closed ? CompletableFuture.completedFuture(false) : loop.send(endpoint, topic, bytes);
  }

  /** Stops the thread, closes every socket and deletes the directory. Idempotent. */
  @Override
  public void close() {
    List<Endpoint> remaining;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      remaining = List.copyOf(endpoints.values());
      endpoints.clear();
    }
    loop.close(remaining);
    dir.close();
  }

  private Path freeSocketPath(String channelKey) throws IOException {
    String name = channelKey.replaceAll("[^A-Za-z0-9._-]", "_");
    name = name.substring(0, Math.min(name.length(), 40));
    if (name.isEmpty() || name.startsWith(".")) {
      name = "_" + name;
    }
    Path path = dir.path.resolve(name + ".sock");
    for (int n = 2; Files.exists(path, LinkOption.NOFOLLOW_LINKS); n++) {
      path = dir.path.resolve(name + "-" + n + ".sock");
    }
    int length = path.toString().getBytes(StandardCharsets.UTF_8).length;
    if (length > MAX_SOCKET_PATH) {
      throw new IOException("socket path " + path + " is " + length + " bytes, more than the "
          + MAX_SOCKET_PATH + " a Unix socket allows; use a shorter base directory");
    }
    return path;
  }
}
