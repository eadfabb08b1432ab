package dev.runner.notify;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Receives {@code KEY=VALUE} lines from children over Unix-domain stream sockets, one socket per
 * child in a private directory, and hands them to a {@link Listener}. One daemon thread
 * ("notify") serves every socket and connection through one non-blocking selector, so no client,
 * however slow or hostile, can block it; every failure is confined to its connection. See the
 * package documentation for the protocol and its limits.
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
  private static final long WAIT_FOR_LOOP_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final Listener listener;
  private final Listener guarded = new Guarded();
  private final RuntimeDir dir;
  private final Selector selector;
  private final Thread thread;
  private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final WarningGate warnings = new WarningGate(10, TimeUnit.SECONDS.toNanos(10), System.nanoTime());
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(8192);
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
    this.listener = Objects.requireNonNull(listener, "listener");
    this.dir = dir;
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      dir.close();
      throw e;
    }
    this.thread = new Thread(this::loop, "notify");
    thread.setDaemon(true);
    thread.start();
  }

  /** The private (0700) directory that holds the sockets. */
  public Path directory() {
    return dir.path;
  }

  /**
   * Creates the socket for {@code channelKey} and returns its path, which is listening when this
   * returns. The file name is the key with anything but {@code [A-Za-z0-9._-]} replaced.
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
      server.configureBlocking(false);
    } catch (IOException e) {
      server.close();
      throw new IOException("cannot listen on " + path + ": " + e.getMessage(), e);
    }
    Endpoint endpoint = new Endpoint(channelKey, path, server, System.nanoTime());
    endpoints.put(channelKey, endpoint);
    runOnLoop(() -> register(endpoint));
    return path;
  }

  /**
   * Closes the socket of {@code channelKey}, its connections, and deletes its file. Once this
   * returns, the listener hears nothing more from that channel. Unknown keys are ignored.
   */
  public void close(String channelKey) {
    Endpoint endpoint = endpoints.remove(channelKey);
    if (endpoint != null) {
      runOnLoopAndWait(() -> shut(endpoint));
    }
  }

  /** Stops the thread, closes every socket and deletes the directory. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    selector.wakeup();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(TimeUnit.NANOSECONDS.toMillis(WAIT_FOR_LOOP_NANOS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Endpoint endpoint : endpoints.values()) {
      shut(endpoint);
    }
    endpoints.clear();
    try {
      selector.close();
    } catch (IOException ignored) {
      // Nothing left to release.
    }
    dir.close();
  }

  private Path freeSocketPath(String channelKey) throws IOException {
    String name = channelKey.replaceAll("[^A-Za-z0-9._-]", "_");
    name = name.substring(0, Math.min(name.length(), 40));
    if (name.isEmpty() || name.startsWith(".")) {
      name = "_" + name;
    }
    Path path = dir.path.resolve(name + ".sock");
    for (int n = 2; Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS); n++) {
      path = dir.path.resolve(name + "-" + n + ".sock");
    }
    int length = path.toString().getBytes(StandardCharsets.UTF_8).length;
    if (length > MAX_SOCKET_PATH) {
      throw new IOException("socket path " + path + " is " + length + " bytes, more than the "
          + MAX_SOCKET_PATH + " a Unix socket allows; use a shorter base directory");
    }
    return path;
  }

  private void runOnLoop(Runnable task) {
    tasks.add(task);
    selector.wakeup();
  }

  private void runOnLoopAndWait(Runnable task) {
    if (Thread.currentThread() == thread || !thread.isAlive()) {
      task.run();
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    runOnLoop(() -> {
      try {
        task.run();
      } finally {
        done.complete(null);
      }
    });
    try {
      done.get(WAIT_FOR_LOOP_NANOS, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // The listener is stuck; the task stays queued and runs when it returns.
    }
  }

  private void loop() {
    while (!closed) {
      try {
        selector.select();
        for (Runnable task; (task = tasks.poll()) != null; ) {
          task.run();
        }
        Iterator<SelectionKey> selected = selector.selectedKeys().iterator();
        while (selected.hasNext()) {
          SelectionKey key = selected.next();
          selected.remove();
          if (key.isValid()) {
            serve(key);
          }
        }
      } catch (ClosedSelectorException e) {
        return;
      } catch (Throwable t) { // keep serving the other children whatever happened
        guarded.warning("", "notify loop: " + t);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // no busy loop if select() keeps failing
      }
    }
  }

  private void serve(SelectionKey key) {
    if (key.attachment() instanceof Endpoint endpoint) {
      try {
        accept(endpoint);
      } catch (IOException | RuntimeException e) {
        guarded.warning(endpoint.key, "cannot accept a connection: " + e);
      }
    } else if (key.attachment() instanceof Connection connection) {
      boolean keep;
      try {
        keep = connection.read(buffer, System.nanoTime());
      } catch (IOException e) {
        keep = false; // reset by the peer: nothing to say
      } catch (RuntimeException e) {
        guarded.warning(connection.endpoint.key, "dropped a connection: " + e);
        keep = false;
      }
      if (!keep) {
        drop(connection);
      }
    }
  }

  private void accept(Endpoint endpoint) throws IOException {
    for (int i = 0; i < Endpoint.MAX_CONNECTIONS; i++) { // bounded, so one socket cannot starve the rest
      SocketChannel socket = endpoint.server.accept();
      if (socket == null) {
        return;
      }
      if (endpoint.connections.size() >= Endpoint.MAX_CONNECTIONS) {
        socket.close();
        if (!endpoint.warnedFull) {
          endpoint.warnedFull = true;
          guarded.warning(endpoint.key, "more than " + Endpoint.MAX_CONNECTIONS
              + " connections at once; closing the extra ones");
        }
        continue;
      }
      endpoint.warnedFull = false;
      Connection connection = new Connection(socket, endpoint, guarded, System.nanoTime());
      try {
        socket.configureBlocking(false);
        socket.register(selector, SelectionKey.OP_READ, connection);
        endpoint.connections.add(connection);
      } catch (IOException | RuntimeException e) {
        socket.close();
        throw e;
      }
    }
  }

  private void register(Endpoint endpoint) {
    try {
      endpoint.server.register(selector, SelectionKey.OP_ACCEPT, endpoint);
    } catch (IOException e) { // closed before the loop got to it
      guarded.warning(endpoint.key, "cannot watch " + endpoint.path + ": " + e);
    }
  }

  private void drop(Connection connection) {
    connection.endpoint.connections.remove(connection);
    try {
      connection.socket.close();
    } catch (IOException ignored) {
      // Closed either way.
    }
  }

  private void shut(Endpoint endpoint) {
    try {
      endpoint.server.close();
    } catch (IOException ignored) {
      // Closed either way.
    }
    for (Connection connection : endpoint.connections.toArray(Connection[]::new)) {
      drop(connection);
    }
    try {
      Files.deleteIfExists(endpoint.path);
    } catch (IOException ignored) {
      // The directory goes on close() anyway.
    }
  }

  /** The listener as the connections see it: never throws, warnings rate-limited. */
  private final class Guarded implements Listener {
    @Override
    public void message(String channelKey, String key, String value) {
      try {
        listener.message(channelKey, key, value);
      } catch (RuntimeException e) {
        warning(channelKey, "the notify listener failed on " + key + ": " + e);
      }
    }

    @Override
    public void warning(String channelKey, String text) {
      warnings.admit(text, System.nanoTime()).ifPresent(admitted -> {
        try {
          listener.warning(channelKey, admitted);
        } catch (RuntimeException ignored) {
          // Nowhere left to report it.
        }
      });
    }
  }
}
