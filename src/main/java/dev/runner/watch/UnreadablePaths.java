package dev.runner.watch;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * What to say about paths inside a watched tree that cannot be read (a directory without read
 * permission for the runner's user): each is named once, however often the tree is walked, and
 * after a handful one line says there are more, so a tree full of them cannot flood the output.
 * A path that vanished while being read is not unreadable, just gone.
 */
final class UnreadablePaths {
  static final int NAMED = 5;

  private final Set<Path> seen = ConcurrentHashMap.newKeySet();
  private final AtomicInteger said = new AtomicInteger();

  /** The warning for {@code path}, if one is due; {@code show} names a path for the user. */
  Optional<String> report(Path path, IOException e, Function<Path, String> show) {
    if (e instanceof NoSuchFileException || !seen.add(path)) {
      return Optional.empty();
    }
    int n = said.incrementAndGet();
    if (n <= NAMED) {
      boolean dir = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
      return Optional.of("cannot read " + show.apply(path) + " (" + reason(e) + "); changes " + (dir ? "below" : "to")
          + " it are not seen");
    }
    if (n == NAMED + 1) {
      return Optional.of("more paths cannot be read; not naming them (changes to them are not seen)");
    }
    return Optional.empty();
  }

  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
