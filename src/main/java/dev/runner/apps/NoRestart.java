package dev.runner.apps;

import dev.runner.watch.PathFilter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which changed files an app sees without a restart: those matching a glob ({@code static/**}
 * and the like, as Spring Boot DevTools never restarts for them) below a <em>resource root</em>,
 * a watched directory that is on the child's class path and is not where classes are compiled to
 * (such as {@code src/main/resources} put ahead of {@code target/classes}). The app reads such a
 * file from there when it serves it, so the runner only tells open pages to reload.
 */
public final class NoRestart {
  private final List<Path> roots;
  private final List<String> globs;
  private final Path workDir;

  /**
   * @param watched the watched directories (absolute)
   * @param classpath the child's class path entries as directories (absolute, normalised)
   * @param classOutput where classes are compiled to, if the runner compiles
   */
  public NoRestart(List<Path> watched, List<Path> classpath, Optional<Path> classOutput, List<String> globs,
      Path workDir) {
    this.roots = watched.stream().map(Path::normalize).filter(classpath::contains)
        .filter(w -> classOutput.map(o -> !o.equals(w)).orElse(true)).toList();
    this.globs = List.copyOf(globs);
    this.workDir = workDir;
  }

  private NoRestart(List<Path> roots, List<String> globs, Path workDir) {
    this.roots = List.copyOf(roots);
    this.globs = List.copyOf(globs);
    this.workDir = workDir;
  }

  /**
   * The same, and also below these directories, whose files the build copies onto the class path
   * (the app reads the fresh copy as it is).
   */
  public NoRestart plus(List<Path> copiedRoots) {
    List<Path> all = new ArrayList<>(roots);
    copiedRoots.stream().map(Path::normalize).filter(r -> !all.contains(r)).forEach(all::add);
    return new NoRestart(all, globs, workDir);
  }

  public List<Path> roots() {
    return roots;
  }

  /** Why {@code changed} needs no restart ({@code "static/** below src/main/resources"}), or empty. */
  public Optional<String> why(Path changed) {
    if (changed.getFileName() != null && changed.getFileName().toString().endsWith(".class")) {
      return Optional.empty(); // a class is loaded once: never read as it is, even below a resource root
    }
    for (Path root : roots) {
      if (changed.startsWith(root) && !changed.equals(root)) {
        Path below = root.relativize(changed);
        for (String glob : globs) {
          if (PathFilter.matchesAny(List.of(glob), below)) {
            return Optional.of(glob + " below " + (root.startsWith(workDir) && !root.equals(workDir)
                ? workDir.relativize(root) : root) + ", a resource root the app reads as it is now");
          }
        }
      }
    }
    return Optional.empty();
  }
}
