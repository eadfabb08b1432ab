package dev.runner.watch;

import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * Decides which changed paths count. A glob without '/' is matched against each name along the
 * path (so {@code .git} ignores everything below a {@code .git} directory and {@code *.swp} any swap
 * file); a glob with '/' is matched against the whole path below the watched root.
 */
public final class PathFilter {
  /** Version-control and IDE directories, editor swap/backup/temporary files, OS litter. */
  public static final List<String> DEFAULT_IGNORES = List.of(
      ".git", ".hg", ".svn", ".bzr", "_darcs", ".idea", ".vscode", ".settings", ".gradle",
      "*.swp", "*.swo", "*.swx", "*.swn", "*~", ".#*", "#*#", "*.tmp", "*.bak", "*.orig",
      "4913", ".DS_Store", "Thumbs.db", "*___jb_tmp___", "*___jb_old___", ".*.kate-swp", "*.log",
      "*.runner-tmp");

  private final List<Glob> include;
  private final List<Glob> exclude;

  public PathFilter(List<String> include, List<String> exclude) {
    FileSystem fs = FileSystems.getDefault();
    this.include = include.stream().map(g -> new Glob(g, fs)).toList();
    this.exclude = Stream.concat(DEFAULT_IGNORES.stream(), exclude.stream())
        .map(g -> new Glob(g, fs)).toList();
  }

  /** Whether a change to {@code relative} (a path below a watched root) should count. */
  public boolean accepts(Path relative) {
    if (relative.getNameCount() == 0 || relative.toString().isEmpty()) {
      return true;
    }
    for (Glob g : exclude) {
      if (g.matchesAnyName(relative)) {
        return false;
      }
    }
    return include.isEmpty() || include.stream().anyMatch(g -> g.matchesFile(relative));
  }

  /**
   * Whether a whole directory can be skipped: an exclude glob matches it (as {@code .git} does),
   * and so matches everything below it too.
   */
  public boolean hidesDirectory(Path relative) {
    for (Glob g : exclude) {
      if (g.matchesAnyName(relative)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code relative} matches any of {@code globs} (used to tell sources from other files). */
  public static boolean matchesAny(List<String> globs, Path relative) {
    FileSystem fs = FileSystems.getDefault();
    return globs.stream().anyMatch(g -> new Glob(g, fs).matchesFile(relative));
  }

  private record Glob(String pattern, PathMatcher matcher, boolean byName) {
    Glob(String pattern, FileSystem fs) {
      this(pattern, fs.getPathMatcher("glob:" + pattern), !pattern.contains("/"));
    }

    /** For excludes: a name glob hits any element, so an ignored directory hides its contents. */
    boolean matchesAnyName(Path relative) {
      if (!byName) {
        return matcher.matches(relative) || matchesPrefix(relative);
      }
      for (Path name : relative) {
        if (matcher.matches(name)) {
          return true;
        }
      }
      return false;
    }

    /** For includes and sources: a name glob looks at the file name only. */
    boolean matchesFile(Path relative) {
      Path name = relative.getFileName();
      return byName ? name != null && matcher.matches(name) : matcher.matches(relative);
    }

    private boolean matchesPrefix(Path relative) {
      for (int i = 1; i < relative.getNameCount(); i++) {
        if (matcher.matches(relative.subpath(0, i))) {
          return true;
        }
      }
      return false;
    }
  }
}
