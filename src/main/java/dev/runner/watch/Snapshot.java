package dev.runner.watch;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * What one polling walk saw of a tree: for every path below the root (relative to it) its type,
 * size and modification time. No content is read, so a walk costs one {@code lstat} per entry
 * however large the files are. Symbolic links are not followed (a link is an entry of its own, as
 * with native events), so a link loop is just one more entry.
 */
public record Snapshot(Map<Path, Stamp> entries) {
  /** What is compared: a change of type, size or modification time is a change. */
  public record Stamp(boolean directory, long size, long mtimeNanos) {}

  public static final Snapshot EMPTY = new Snapshot(Map.of());

  public Snapshot {
    entries = Collections.unmodifiableMap(entries); // a walk's map, not copied: it may hold 100,000 entries
  }

  /**
   * The paths (relative to the root) that differ between two walks: files that appeared, changed
   * or went away, and directories that went away or turned into files (or back). A directory
   * that appears is not itself a change (the files in it are), nor is a directory whose
   * modification time moved because an entry was added (that entry is), as with native events.
   */
  public static Set<Path> changes(Snapshot before, Snapshot after) {
    Set<Path> changed = new HashSet<>();
    after.entries.forEach((path, now) -> {
      Stamp then = before.entries.get(path);
      if (then == null) {
        if (!now.directory()) {
          changed.add(path);
        }
      } else if (then.directory() != now.directory()) {
        changed.add(path);
      } else if (!now.directory() && !then.equals(now)) {
        changed.add(path);
      }
    });
    for (Path path : before.entries.keySet()) {
      if (!after.entries.containsKey(path)) {
        changed.add(path);
      }
    }
    return changed;
  }

  /**
   * Walks {@code root} (through a symbolic link if the root is one). {@code prune} gets each
   * directory's path relative to the root and may skip it whole (an excluded {@code .git});
   * {@code unreadable} hears of every entry that could not be read, by its path below
   * {@code root}. A root that does not exist gives an empty snapshot.
   */
  public static Snapshot take(Path root, Predicate<Path> prune, BiConsumer<Path, IOException> unreadable) {
    Path real;
    try {
      real = root.toRealPath();
    } catch (NoSuchFileException e) {
      return EMPTY;
    } catch (IOException e) {
      unreadable.accept(root, e);
      return EMPTY;
    }
    Map<Path, Stamp> entries = new HashMap<>();
    try {
      Files.walkFileTree(real, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          if (dir.equals(real)) {
            return FileVisitResult.CONTINUE;
          }
          Path relative = real.relativize(dir);
          if (prune.test(relative)) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          entries.put(relative, stamp(attrs));
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          entries.put(real.relativize(file), stamp(attrs));
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          failed(file, e);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) {
          if (e != null) {
            failed(dir, e); // its listing broke off
          }
          return FileVisitResult.CONTINUE;
        }

        private void failed(Path path, IOException e) {
          if (!(e instanceof NoSuchFileException)) { // gone meanwhile: simply not there
            unreadable.accept(root.resolve(real.relativize(path)), e);
          }
        }
      });
    } catch (IOException e) {
      unreadable.accept(root, e); // the visitor throws nothing itself; kept for the walk's own failures
    }
    return new Snapshot(entries);
  }

  private static Stamp stamp(BasicFileAttributes attrs) {
    return new Stamp(attrs.isDirectory(), attrs.isDirectory() ? 0 : attrs.size(),
        attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS));
  }
}
