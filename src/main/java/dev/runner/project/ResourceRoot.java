package dev.runner.project;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One {@code <resource>} of a module, as Maven's resolved model has it: which directory, whether
 * it is filtered, which files it takes, and where below the output directory they go.
 */
public record ResourceRoot(Path directory, boolean filtering, List<String> includes, List<String> excludes,
    Optional<String> targetPath) {
  public ResourceRoot {
    if (directory == null || !directory.isAbsolute()) {
      throw new IllegalArgumentException("a resource directory must be an absolute path: " + directory);
    }
    includes = List.copyOf(includes);
    excludes = List.copyOf(excludes);
  }

  /** Every file as it is, to the output directory's root: the directory itself can go on the class path. */
  public boolean plain() {
    return !filtering && includes.isEmpty() && excludes.isEmpty() && targetPath.isEmpty();
  }
}
