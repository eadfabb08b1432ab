package dev.runner.watch;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * One debounced batch of changes. {@code everything} means the watcher lost track (an overflow, a
 * watched root that was deleted and came back): assume any file may have changed.
 */
public record ChangeSet(Set<Path> paths, boolean everything) {
  public ChangeSet {
    paths = Set.copyOf(paths);
  }

  public static ChangeSet all() {
    return new ChangeSet(Set.of(), true);
  }

  public ChangeSet plus(ChangeSet other) {
    Set<Path> all = new HashSet<>(paths);
    all.addAll(other.paths);
    return new ChangeSet(all, everything || other.everything);
  }

  /**
   * "changed A.java", "changed A.java and 3 more", in a stable order. Files that still exist are
   * named first: a batch often also holds an editor's or compiler's temporary file, already gone.
   */
  public String describe(Path base, Predicate<Path> exists) {
    if (paths.isEmpty()) {
      return everything ? "watched files changed (rescan)" : "no change";
    }
    TreeSet<String> present = new TreeSet<>();
    TreeSet<String> gone = new TreeSet<>();
    for (Path p : paths) {
      (exists.test(p) ? present : gone).add(relative(base, p));
    }
    if (present.isEmpty()) {
      int more = gone.size() - 1;
      return "removed " + gone.first() + (more > 0 ? " and " + more + " more" : "");
    }
    int more = present.size() + gone.size() - 1;
    return "changed " + present.first() + (more > 0 ? " and " + more + " more" : "");
  }

  /** Only the paths matching {@code keep}; used to name the sources that caused a build. */
  public ChangeSet only(Predicate<Path> keep) {
    Set<Path> kept = new HashSet<>();
    for (Path p : paths) {
      if (keep.test(p)) {
        kept.add(p);
      }
    }
    return new ChangeSet(kept, everything);
  }

  static String relative(Path base, Path p) {
    return PathNames.show(base, p);
  }
}
