package dev.runner.notify;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The one "notify" thread: a non-blocking selector over every socket and connection. Other
 * threads never touch its channels' state; they queue a task and wake the selector. Each
 * connection gets at most one read buffer per round and each socket at most
 * {@link Endpoint#MAX_CONNECTIONS} accepts, so no client can starve the others, and whatever
 * goes wrong with one connection closes that connection only.
 */
final class NotifyLoop {
  private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final NotifyServer.Listener out;
  private final Selector selector;
  private final Thread thread;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(8192);
  private volatile boolean stopping;

  NotifyLoop(NotifyServer.Listener out) throws IOException {
    this.out = out;
    this.selector = Selector.open();
    this.thread = new Thread(this::run, "notify");
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts accepting on {@code endpoint}, whose socket is already listening. */
  void add(Endpoint endpoint) {
    tasks.add(() -> {
      try {
        endpoint.server.register(selector, SelectionKey.OP_ACCEPT, endpoint);
      } catch (IOException e) { // closed before the loop got to it
        out.warning(endpoint.key, "cannot watch " + endpoint.path + ": " + e);
      }
    });
    selector.wakeup();
  }

  /** Closes {@code endpoint} and its connections; when this returns, it delivers nothing more. */
  void remove(Endpoint endpoint) {
    if (Thread.currentThread() == thread || !thread.isAlive()) {
      shut(endpoint);
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    tasks.add(() -> {
      try {
        shut(endpoint);
      } finally {
        done.complete(null);
      }
    });
    selector.wakeup();
    try {
      done.get(WAIT_NANOS, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // The listener is stuck; the task stays queued and runs when it returns.
    }
  }

  /** Stops the thread (bounded wait), then closes {@code remaining} and the selector. */
  void close(Collection<Endpoint> remaining) {
    stopping = true;
    selector.wakeup();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(TimeUnit.NANOSECONDS.toMillis(WAIT_NANOS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    remaining.forEach(this::shut);
    try {
      selector.close();
    } catch (IOException ignored) {
      // Nothing left to release.
    }
  }

  private void run() {
    while (!stopping) {
      try {
        selector.select();
        for (Runnable task; (task = tasks.poll()) != null; ) {
          task.run();
        }
        // Connections first: a client that closed frees its slot before new ones are counted.
        List<Endpoint> accepting = new ArrayList<>();
        Iterator<SelectionKey> selected = selector.selectedKeys().iterator();
        while (selected.hasNext()) {
          SelectionKey key = selected.next();
          selected.remove();
          if (!key.isValid()) {
            continue;
          }
          if (key.attachment() instanceof Connection connection) {
            serve(connection, key);
          } else if (key.attachment() instanceof Endpoint endpoint) {
            accepting.add(endpoint);
          }
        }
        accepting.forEach(this::acceptAll);
      } catch (ClosedSelectorException e) {
        return;
      } catch (Throwable t) { // keep serving the other children whatever happened
        out.warning("", "notify loop: " + t);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // no busy loop if select() keeps failing
      }
    }
  }

  /**
   * Writes {@code line} to the connection of {@code endpoint} that most recently listened to
   * {@code topic}; the future says whether there was one and the line went out (or waits in its
   * buffer).
   */
  CompletableFuture<Boolean> send(Endpoint endpoint, String topic, byte[] line) {
    CompletableFuture<Boolean> sent = new CompletableFuture<>();
    if (!thread.isAlive()) {
      sent.complete(false);
      return sent;
    }
    tasks.add(() -> {
      try {
        sent.complete(write(endpoint, topic, line));
      } catch (RuntimeException e) {
        sent.complete(false);
        throw e;
      }
    });
    selector.wakeup();
    return sent;
  }

  private boolean write(Endpoint endpoint, String topic, byte[] line) {
    Connection to = null;
    for (Connection c : endpoint.connections) {
      if (c.listensTo(topic) && (to == null || c.listenedAt - to.listenedAt > 0)) {
        to = c;
      }
    }
    if (to == null || !to.socket.isOpen()) {
      return false;
    }
    SelectionKey key = to.socket.keyFor(selector);
    try {
      if (key != null && to.write(line, key)) {
        return true;
      }
      out.warning(endpoint.key, "a client did not read " + Connection.MAX_PENDING_BYTES / 1024
          + " KiB the runner wrote to it; closed it");
    } catch (IOException e) {
      // gone: nothing to say, like a reset while reading
    }
    drop(to);
    return false;
  }

  private void serve(Connection connection, SelectionKey key) {
    boolean keep;
    try {
      if (key.isWritable()) {
        connection.flush(key);
      }
      keep = !key.isReadable() || connection.read(buffer, System.nanoTime());
    } catch (IOException e) {
      keep = false; // reset by the peer: nothing to say
    } catch (RuntimeException e) {
      out.warning(connection.endpoint.key, "dropped a connection: " + e);
      keep = false;
    }
    if (!keep) {
      drop(connection);
    }
  }

  private void acceptAll(Endpoint endpoint) {
    try {
      accept(endpoint);
    } catch (IOException | RuntimeException e) {
      out.warning(endpoint.key, "cannot accept a connection: " + e);
    }
  }

  private void accept(Endpoint endpoint) throws IOException {
    for (int i = 0; i < Endpoint.MAX_CONNECTIONS; i++) {
      SocketChannel socket = endpoint.server.accept();
      if (socket == null) {
        return;
      }
      if (endpoint.connections.size() >= Endpoint.MAX_CONNECTIONS) {
        socket.close();
        if (!endpoint.warnedFull) {
          endpoint.warnedFull = true;
          out.warning(endpoint.key, "more than " + Endpoint.MAX_CONNECTIONS
              + " connections at once; closing the extra ones");
        }
        continue;
      }
      endpoint.warnedFull = false;
      try {
        socket.configureBlocking(false);
        Connection connection = new Connection(socket, endpoint, out, System.nanoTime());
        socket.register(selector, SelectionKey.OP_READ, connection);
        endpoint.connections.add(connection);
      } catch (IOException | RuntimeException e) {
        socket.close();
        throw e;
      }
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
}
