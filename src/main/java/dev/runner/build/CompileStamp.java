package dev.runner.build;

import dev.runner.project.Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code target/runner/javac.stamp}: what a module was last compiled with (options, processor
 * path, each jar's size and time, the JDK), written after each successful compile and dated when
 * that compile began. At start-up a module is up to date, and needs no compile, when its stamp
 * says the same settings and is newer than every file and directory of its sources (a deleted
 * source changes its directory's time) and than the stamps of the modules it depends on.
 * Anything else, Maven's own compile included, is checked source by source against the output
 * directory ({@link StaleOutput}).
 */
final class CompileStamp {
  private CompileStamp() {}

  static Path file(Module m) {
    return m.outputDir().toAbsolutePath().normalize().getParent().resolve("runner").resolve("javac.stamp");
  }

  /** The settings part: a change to any of it means a full compile. */
  static String settings(Module m) {
    StringBuilder s = new StringBuilder("jdk " + Runtime.version().feature() + "\n");
    s.append("options ").append(String.join(" ", m.compiler().javacOptions())).append('\n');
    for (Path p : m.compileClasspath()) {
      s.append("cp ").append(describe(p)).append('\n');
    }
    m.processorPath().ifPresent(ps -> ps.forEach(p -> s.append("pp ").append(describe(p)).append('\n')));
    return s.toString();
  }

  private static String describe(Path p) {
    if (!Files.isRegularFile(p)) {
      return p.toString(); // a sibling's class directory: its stamp speaks for it
    }
    try {
      return p + " " + Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return p + " unreadable";
    }
  }

  /** Records a successful compile of {@code m} that began at {@code beganMillis}. */
  static void write(Module m, long beganMillis) throws IOException {
    Path f = file(m);
    Files.createDirectories(f.getParent());
    Files.writeString(f, settings(m));
    Files.setLastModifiedTime(f, FileTime.fromMillis(beganMillis));
  }

  /** Forgets the last compile (a failed one leaves the module in doubt). */
  static void clear(Module m) throws IOException {
    Files.deleteIfExists(file(m));
  }

  static boolean upToDate(Module m, List<Path> sourceRoots, List<Module> dependencies) {
    Path f = file(m);
    try {
      if (!Files.isRegularFile(f) || !Files.isDirectory(m.outputDir())
          || !Files.readString(f).equals(settings(m))) {
        return false;
      }
      long stamp = Files.getLastModifiedTime(f).toMillis();
      for (Module d : dependencies) {
        Path df = file(d);
        if (!Files.isRegularFile(df) || Files.getLastModifiedTime(df).toMillis() > stamp) {
          return false;
        }
      }
      for (Path root : sourceRoots) {
        if (Files.isDirectory(root) && newest(root) >= stamp) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static long newest(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      long max = 0;
      for (Path p : all.toList()) {
        max = Math.max(max, Files.getLastModifiedTime(p).toMillis());
      }
      return max;
    }
  }
}
