package dev.runner.watch;

import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryChangeEvent.EventType;
import io.methvin.watcher.DirectoryChangeListener;
import io.methvin.watcher.DirectoryWatcher;
import io.methvin.watcher.visitor.DefaultFileTreeVisitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.helpers.NOPLogger;

/**
 * Watches directory trees with native events, or by polling, and survives the traps of both:
 * start-up does not hash the tree; an overflow (which directory-watcher only surfaces as an
 * exception) becomes "assume everything changed"; a watched root that is deleted (as {@code mvn
 * clean} deletes {@code target/classes}) makes the library close itself silently, so the root is
 * then looked for until it exists again, watched anew, and reported as "everything changed".
 *
 * <p>Hostile trees: a root that is a symbolic link is watched at its target and reported under
 * the name it was given; links inside the tree are not followed (so a link loop is harmless);
 * a directory that cannot be read is named once and the rest of the tree is watched; when an
 * inotify limit is reached, at start or later, that is said once with the sysctl that raises it
 * and the root is polled from then on instead of retried. With {@code poll} set every root is
 * polled and no inotify instance is used.
 *
 * <p>Runs on its own named daemon threads and only ever calls the {@link Listener}.
 */
public final class TreeWatcher implements AutoCloseable {
  /** Where changes go; called from watcher threads. */
  public interface Listener {
    void changed(Path path);

    /** The watcher may have missed changes below {@code root}. */
    void lostTrack(Path root, String why);

    /** Part of a tree cannot be watched as asked; {@code why} says what is done instead (shown as a warning). */
    default void cannotWatch(Path path, String why) {
    }

    /** Something about how the trees are watched worth a line (polling slower than asked). */
    default void note(String line) {
    }
  }

  /** How often a root is polled when the inotify limits leave no other way. */
  public static final Duration FALLBACK_POLL = Duration.ofSeconds(1);

  private static final long REVIVE_POLL_MS = 100;
  private static final long RETRY_FAILED_MS = 1_000;

  private final List<Path> roots;
  private final PathFilter filter;
  private final Optional<Duration> poll;
  private final Path base;
  private final Listener listener;
  private final Map<Path, DirectoryWatcher> active = new ConcurrentHashMap<>();
  private final Map<Path, Thread> reviving = new ConcurrentHashMap<>();
  private final Set<Path> polled = ConcurrentHashMap.newKeySet();
  private final UnreadablePaths unreadable = new UnreadablePaths();
  private final Set<InotifyLimit> limitsSaid = ConcurrentHashMap.newKeySet();
  private final Poller poller;
  private volatile boolean closed;

  /**
   * @param poll poll every root at this interval instead of using native events
   * @param base directory that paths in messages are named relative to
   */
  public TreeWatcher(List<Path> roots, PathFilter filter, Optional<Duration> poll, Path base, Listener listener) {
    this.roots = List.copyOf(roots);
    this.filter = filter;
    this.poll = poll;
    this.base = base;
    this.listener = listener;
    this.poller = new Poller(poll.orElse(FALLBACK_POLL), this::snapshot, new Poller.Sink() {
      @Override
      public void changed(Path root, Set<Path> relative) {
        for (Path p : relative) {
          if (filter.accepts(p)) {
            listener.changed(root.resolve(p));
          }
        }
      }

      @Override
      public void note(String line) {
        listener.note(line);
      }
    });
  }

  /** Starts watching every root; roots that do not exist yet are watched once they appear. */
  public void start() {
    for (Path root : roots) {
      if (poll.isPresent()) {
        pollInstead(root);
        continue;
      }
      if (Files.isDirectory(root)) {
        try {
          watch(root);
          continue;
        } catch (IOException | RuntimeException e) {
          if (fellBack(root, e)) {
            continue;
          }
          listener.cannotWatch(root, "cannot watch " + show(root) + " (" + e.getMessage() + "); retrying every second");
          revive(root, false, true);
          continue;
        }
      }
      revive(root, false);
    }
  }

  /** Whether {@code root} is currently being watched (false while it is missing, unless polled). */
  public boolean watching(Path root) {
    return active.containsKey(root) || polled.contains(root);
  }

  private void watch(Path root) throws IOException {
    Path real = root.toRealPath(); // directory-watcher sees a root that is a link as a file and watches nothing
    DirectoryWatcher watcher = DirectoryWatcher.builder()
        .path(real)
        .fileHashing(false)
        .fileTreeVisitor(new DefaultFileTreeVisitor() {
          @Override
          protected void onFailure(Path path, IOException e) {
            unreadable(path.startsWith(real) ? root.resolve(real.relativize(path)) : path, e);
          }
        })
        .logger(NOPLogger.NOP_LOGGER)
        .listener(new RootListener(root, real))
        .build();
    CompletableFuture<Void> running = watcher.watchAsync(task -> {
      Thread t = new Thread(task, "watch " + root.getFileName());
      t.setDaemon(true);
      t.start();
    });
    if (running.isCompletedExceptionally()) { // registration failed (e.g. an unreadable directory)
      closeQuietly(watcher);
      Throwable why = running.handle((ok, e) -> e).join();
      Throwable cause = why.getCause() != null ? why.getCause() : why;
      throw new IOException(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
    }
    active.put(root, watcher);
    running.whenComplete((ok, error) -> {
      active.remove(root, watcher);
      closeQuietly(watcher);
      if (!closed && !polled.contains(root)) {
        if (error != null) {
          listener.lostTrack(root, "watcher of " + show(root) + " failed: " + error.getMessage());
        }
        revive(root, true);
      }
    });
  }

  /**
   * When {@code failure} is an inotify limit: says so (once per limit) and polls {@code root}
   * from now on. Returns whether it did.
   */
  private boolean fellBack(Path root, Throwable failure) {
    Optional<InotifyLimit> limit = InotifyLimit.of(failure);
    if (limit.isEmpty()) {
      return false;
    }
    if (limitsSaid.add(limit.get())) {
      listener.cannotWatch(root, limit.get().message(show(root), poller.interval(), limit.get().current()));
    }
    pollInstead(root);
    return true;
  }

  private void pollInstead(Path root) {
    polled.add(root);
    poller.add(root);
  }

  private Snapshot snapshot(Path root) {
    return Snapshot.take(root, filter::hidesDirectory, this::unreadable);
  }

  private void unreadable(Path path, IOException e) {
    if (!closed) {
      unreadable.report(path, e, this::show).ifPresent(line -> listener.cannotWatch(path, line));
    }
  }

  private String show(Path p) {
    return PathNames.show(base, p);
  }

  /** Waits (on its own thread) for a missing root to exist again, then watches it. */
  private void revive(Path root, boolean wasWatched) {
    revive(root, wasWatched, false);
  }

  private void revive(Path root, boolean wasWatched, boolean failing) {
    Thread t = new Thread(() -> {
      boolean failed = failing;
      try {
        while (!closed) {
          if (Files.isDirectory(root)) {
            try {
              watch(root);
              if (wasWatched || failed) {
                listener.lostTrack(root, (failed ? "watching again: " : "re-created ") + show(root));
              } else {
                listener.changed(root); // first appearance: only new if younger than the child
              }
              return;
            } catch (IOException | RuntimeException e) {
              if (fellBack(root, e)) {
                listener.lostTrack(root, "polling " + show(root) + " from now on");
                return;
              }
              if (!failed) {
                listener.cannotWatch(root, "cannot watch " + show(root) + " (" + e.getMessage() + "); retrying every second");
              }
              failed = true; // it cannot be watched now (or vanished meanwhile): retry, but slowly
            }
          }
          TimeUnit.MILLISECONDS.sleep(failed ? RETRY_FAILED_MS : REVIVE_POLL_MS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        reviving.remove(root);
      }
    }, "watch-revive " + root.getFileName());
    t.setDaemon(true);
    reviving.put(root, t);
    t.start();
  }

  @Override
  public void close() {
    closed = true;
    active.values().forEach(TreeWatcher::closeQuietly);
    reviving.values().forEach(Thread::interrupt);
    poller.close();
  }

  private static void closeQuietly(DirectoryWatcher w) {
    try {
      w.close();
    } catch (IOException | RuntimeException e) {
      // closing a watcher whose root is gone can fail; nothing is left to release
    }
  }

  private final class RootListener implements DirectoryChangeListener {
    private final Path root;
    private final Path real;

    RootListener(Path root, Path real) {
      this.root = root;
      this.real = real;
    }

    @Override
    public void onEvent(DirectoryChangeEvent event) {
      if (event.eventType() == EventType.OVERFLOW || event.path() == null) {
        listener.lostTrack(root, "too many changes at once below " + show(root) + " (event overflow)");
        return;
      }
      if (event.isDirectory() && event.eventType() != EventType.DELETE) {
        return; // the files inside are reported on their own
      }
      Path path = event.path();
      if (!path.startsWith(real) || path.equals(real)) {
        return;
      }
      Path relative = real.relativize(path);
      if (filter.accepts(relative)) {
        listener.changed(root.resolve(relative)); // under the name the user gave, even if the root is a link
      }
    }

    @Override
    public void onException(Exception e) {
      if (polled.contains(root)) {
        return; // switched to polling: this watcher is on its way out
      }
      if (InotifyLimit.of(e).isPresent()) {
        // a directory created since start could not be registered: poll this root from now on
        polled.add(root);
        DirectoryWatcher w = active.remove(root);
        if (w != null) {
          closeQuietly(w);
        }
        fellBack(root, e);
        listener.lostTrack(root, "polling " + show(root) + " from now on");
        return;
      }
      // directory-watcher reports an overflow by failing inside its own event handling
      listener.lostTrack(root, "watcher of " + show(root) + " lost events (" + e.getClass().getSimpleName() + ")");
    }

    @Override
    public boolean isWatching() {
      return !closed && !polled.contains(root);
    }
  }
}
