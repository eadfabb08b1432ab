package dev.runner.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Keeps the generated-sources directory ({@code target/generated-sources/annotations}) equal to
 * what the annotation processors wrote in the last successful compile: where Maven leaves them,
 * for the IDE and for a reader, with nothing left behind by a class that is gone.
 */
final class GeneratedSources {
  private GeneratedSources() {}

  /** Makes {@code target} hold exactly the files of {@code fresh}; a file with the same bytes is not rewritten. */
  static void replace(Path target, Path fresh) throws IOException {
    Files.createDirectories(target);
    Set<Path> kept = new HashSet<>();
    for (Path file : files(fresh)) {
      Path rel = fresh.relativize(file);
      Path to = target.resolve(rel.toString());
      kept.add(to);
      if (Files.isRegularFile(to) && Arrays.equals(Files.readAllBytes(to), Files.readAllBytes(file))) {
        continue; // unchanged: keep its time, so nothing watching it wakes up
      }
      Files.createDirectories(to.getParent());
      Files.move(file, to, StandardCopyOption.REPLACE_EXISTING);
    }
    try (Stream<Path> all = Files.walk(target)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        if (p.equals(target)) {
          continue;
        }
        if (Files.isDirectory(p)) {
          try (Stream<Path> inside = Files.list(p)) {
            if (inside.findAny().isEmpty()) {
              Files.delete(p);
            }
          }
        } else if (!kept.contains(p)) {
          Files.delete(p);
        }
      }
    }
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).toList();
    }
  }
}
