package dev.runner.hotswap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The class files of the app's class directories as the running child has them: read when the
 * child starts (after the build that preceded it, before the child can load anything) and moved on
 * by every successful swap ({@link #after}). A later build overwrites the directories; this keeps
 * what it overwrote, which is what a {@link ClassComparison} needs as "old". Only {@code .class}
 * files are kept, so its size is that of the compiled classes (a few MB for a large app).
 */
public final class ClassBaseline {
  private final List<Path> roots;
  private final Map<Path, byte[]> bytes;

  private ClassBaseline(List<Path> roots, Map<Path, byte[]> bytes) {
    this.roots = roots;
    this.bytes = bytes;
  }

  /** Reads every class file under {@code classDirs}; a directory that does not exist yet holds none. */
  public static ClassBaseline capture(List<Path> classDirs) throws IOException {
    List<Path> roots = classDirs.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    Map<Path, byte[]> bytes = new HashMap<>();
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : (Iterable<Path>) files.filter(ClassBaseline::isClassFile)::iterator) {
          bytes.put(file, Files.readAllBytes(file));
        }
      }
    }
    return new ClassBaseline(roots, bytes);
  }

  /** The baseline once {@code swapped} (file → the bytes now running) is in the child. */
  public ClassBaseline after(Map<Path, byte[]> swapped) {
    Map<Path, byte[]> next = new HashMap<>(bytes);
    swapped.forEach((file, b) -> next.put(file.toAbsolutePath().normalize(), b.clone()));
    return new ClassBaseline(roots, next);
  }

  /**
   * The class files that differ between this baseline and the class directories now: written,
   * rewritten with other bytes, or deleted since. What an external build or a class-directory
   * change did, without asking the build; sorted.
   */
  public List<Path> changedOnDisk() throws IOException {
    Set<Path> changed = new TreeSet<>();
    Set<Path> seen = new HashSet<>();
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : (Iterable<Path>) files.filter(ClassBaseline::isClassFile)::iterator) {
          seen.add(file);
          byte[] old = bytes.get(file);
          if (old == null || !Arrays.equals(old, Files.readAllBytes(file))) {
            changed.add(file);
          }
        }
      }
    }
    bytes.keySet().stream().filter(f -> !seen.contains(f)).forEach(changed::add);
    return List.copyOf(changed);
  }

  /** The class directory {@code file} lies in, if any. */
  Optional<Path> rootOf(Path file) {
    Path f = file.toAbsolutePath().normalize();
    return roots.stream().filter(f::startsWith).findFirst();
  }

  /** The bytes the child started with (or was last swapped to) for {@code file}. */
  Optional<byte[]> bytes(Path file) {
    return Optional.ofNullable(bytes.get(file.toAbsolutePath().normalize()));
  }

  int size() {
    return bytes.size();
  }

  static boolean isClassFile(Path file) {
    return file.getFileName() != null && file.getFileName().toString().endsWith(".class") && Files.isRegularFile(file);
  }
}
