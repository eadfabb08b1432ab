package dev.runner.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns a stream of single-file events into batches: a batch is released once no event came for
 * the quiet period, or once the first event of the batch is {@code max} old, whichever is first,
 * so an editor's write-rename dance or a compiler rewriting 200 class files gives one restart and
 * a never-ending stream still gives one every {@code max}. Adaptive: while a batch holds a single
 * file (a save in an editor, one class file from a compiler) the shorter {@code single} quiet period
 * applies, so a lone change is not kept waiting for a burst that is not coming; as soon as a
 * second file joins, the batch is a burst and gets the full quiet period. A file that is gone
 * again does not count: an editor's safe save (write a temporary file, rename it over the real one,
 * as vim, sed -i and IntelliJ do) is still one file. Pure: the caller passes the time (monotonic
 * nanoseconds) and, optionally, a test of whether a path is there, and is told when to come back.
 */
public final class Debouncer {
  private final long quietNanos;
  private final long singleNanos;
  private final long maxNanos;
  private final Predicate<Path> present;
  private final Set<Path> pending = new HashSet<>();
  private boolean everything;
  private long firstAt;
  private long lastAt;
  private boolean active;
  private long releasedFirstAt;

  public Debouncer(Duration quiet, Duration max) {
    this(quiet, quiet, max);
  }

  public Debouncer(Duration quiet, Duration single, Duration max) {
    this(quiet, single, max, p -> true);
  }

  /**
   * {@code present}: whether a path counts as a file now; the caller says no for one that is gone
   * and looks temporary, so an editor's safe save is not taken for a burst.
   */
  public Debouncer(Duration quiet, Duration single, Duration max, Predicate<Path> present) {
    this.present = present;
    if (quiet.isNegative() || max.compareTo(quiet) < 0) {
      throw new IllegalArgumentException("need 0 <= quiet <= max, got " + quiet + " and " + max);
    }
    if (single.isNegative() || single.compareTo(quiet) > 0) {
      throw new IllegalArgumentException("need 0 <= single <= quiet, got " + single + " and " + quiet);
    }
    this.quietNanos = quiet.toNanos();
    this.singleNanos = single.toNanos();
    this.maxNanos = max.toNanos();
  }

  public void add(Path path, long now) {
    touch(now);
    pending.add(path);
  }

  /** The watcher lost track of individual files; release a batch that says "everything". */
  public void addEverything(long now) {
    touch(now);
    everything = true;
  }

  private void touch(long now) {
    if (!active) {
      active = true;
      firstAt = now;
    }
    lastAt = now;
  }

  /** When the pending batch is due (monotonic nanos), or empty when nothing is pending. */
  public OptionalLong deadline() {
    if (!active) {
      return OptionalLong.empty();
    }
    long quietEnd = lastAt + (lone() ? singleNanos : quietNanos);
    long capEnd = firstAt + maxNanos;
    return OptionalLong.of(quietEnd - capEnd < 0 ? quietEnd : capEnd); // nanoTime may wrap: compare by difference
  }

  /**
   * One file: a single path, or a few of which exactly one is still there (the others were
   * temporary). Past a handful it is a burst without looking.
   */
  private boolean lone() {
    if (everything) {
      return false;
    }
    if (pending.size() <= 1) {
      return true;
    }
    if (pending.size() > LONE_LOOKS) {
      return false;
    }
    int there = 0;
    for (Path p : pending) {
      if (present.test(p) && ++there > 1) {
        return false;
      }
    }
    return there == 1;
  }

  /** How many paths a batch may hold and still be looked at as maybe one file and its temporaries. */
  private static final int LONE_LOOKS = 4;

  /** When the first event of the batch most recently released arrived (for phase timing). */
  public long releasedFirstAt() {
    return releasedFirstAt;
  }

  /** The batch, if it is due at {@code now}; it is then forgotten. */
  public Optional<ChangeSet> poll(long now) {
    if (!active || now - deadline().getAsLong() < 0) {
      return Optional.empty();
    }
    ChangeSet batch = new ChangeSet(pending, everything);
    releasedFirstAt = firstAt;
    pending.clear();
    everything = false;
    active = false;
    return Optional.of(batch);
  }
}
