package dev.runner.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds a command the way {@code execvp} will, so "command not found" is reported before anything starts. */
public final class Executables {
  private Executables() {}

  /** The file {@code name} runs: as given when it holds a '/', else the first match on {@code pathVar}. */
  public static Optional<Path> find(String name, String pathVar, Path workDir) {
    if (name.isEmpty()) {
      return Optional.empty();
    }
    if (name.contains("/")) {
      return executable(workDir.resolve(name));
    }
    if (pathVar == null) {
      return Optional.empty();
    }
    for (String dir : pathVar.split(File.pathSeparator)) {
      Optional<Path> found = executable(workDir.resolve(dir.isEmpty() ? "." : dir).resolve(name));
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> executable(Path p) {
    return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
  }
}
