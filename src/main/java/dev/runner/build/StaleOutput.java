package dev.runner.build;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Start-up against an output directory the runner did not write, or no longer vouches for (Maven's
 * compile, an IDE's, a run whose stamp went stale): which sources are out of date, or why only a
 * full compile is safe. Pure: {@link StaleCheck} reads the files, this decides.
 *
 * <p>A source is out of date when no class file comes from it (see {@link DependencyIndex}: the
 * class file's package and {@code SourceFile} name it, whatever its top-level types are called) or
 * when the oldest of them is not newer than the source. A class file that no source explains is a
 * deleted source's when Maven's list of the sources it compiled ({@code inputFiles.lst}) names
 * that source, or, with no annotation processor that could have written it, when it names a
 * {@code .java} file; that source then counts as deleted, and its class files go with a
 * successful compile, as after a deletion the watcher saw. Anything that may have changed what
 * every class file was compiled against means the full compile: a jar, a processor jar, a pom or a
 * sibling module's classes newer than the oldest class file here (or than the runner's last compile,
 * which vouched for the output), a class file nobody can explain,
 * and, without Maven's list, a source directory changed since (a deleted file leaves no other
 * trace).
 */
final class StaleOutput {
  private StaleOutput() {}

  /**
   * One class file of the output directory: when it was written, and where its source is
   * ({@code null}: no root holds {@code sourcePath}, the package path and {@code SourceFile} name).
   */
  record ClassOutput(Path classFile, String sourcePath, Path source, long millis) {}

  /**
   * What is known of one module, read before deciding. {@code roots} are the source roots javac
   * reads (the first is where a deleted source is taken to have been); {@code sources} every source
   * under them with its time; {@code inputs} what the classes were compiled against (a name for the
   * message, and its time); {@code mavenSources} the sources Maven last compiled, when it left the
   * list; {@code sourceDirs} every directory under the roots (a name for the message) with its time; {@code processors}
   * whether annotation processors run; {@code settingsChanged} a reason known beforehand;
   * {@code vouched} when the runner's last compile of the module began, if its stamp still holds
   * the same settings ({@link CompileStamp}; else {@link Long#MIN_VALUE}): that compile left the
   * output up to date with everything older, however old the class files it kept.
   */
  record Facts(Path outputDir, String output, List<Path> roots, Map<Path, Long> sources, List<ClassOutput> classes,
      Map<String, Long> inputs, Optional<Set<Path>> mavenSources, Map<String, Long> sourceDirs, boolean processors,
      Optional<String> settingsChanged, long vouched) {
    Facts {
      if (roots.isEmpty()) {
        throw new IllegalArgumentException("a module compiles from at least one source root");
      }
      roots = List.copyOf(roots);
      sources = Map.copyOf(sources);
      classes = List.copyOf(classes);
      inputs = Map.copyOf(inputs);
      mavenSources = mavenSources.map(Set::copyOf);
      sourceDirs = Map.copyOf(sourceDirs);
    }
  }

  /** The way to bring the module up to date. In both, {@code deleted} are sources gone since the last compile. */
  sealed interface Verdict {
    Set<Path> deleted();
  }

  /** Compile {@code outOfDate} and what depends on them, of {@code sources} in all. */
  record Partial(Set<Path> outOfDate, Set<Path> deleted, int sources) implements Verdict {
    Partial {
      outOfDate = Set.copyOf(outOfDate);
      deleted = Set.copyOf(deleted);
    }
  }

  /** Compile everything, because of {@code reason}. */
  record Full(String reason, Set<Path> deleted) implements Verdict {
    Full {
      deleted = Set.copyOf(deleted);
    }
  }

  static Verdict decide(Facts f) {
    Set<Path> deleted = new HashSet<>();
    f.mavenSources().ifPresent(listed -> listed.stream()
        .filter(s -> !f.sources().containsKey(s) && f.roots().stream().anyMatch(s::startsWith)).forEach(deleted::add));
    Set<Path> unexplained = new TreeSet<>();
    for (ClassOutput c : f.classes()) {
      if (c.source() != null) {
        continue;
      }
      Optional<Path> listed = f.roots().stream().map(r -> r.resolve(c.sourcePath())).filter(deleted::contains)
          .findFirst();
      if (listed.isPresent()) {
        continue;
      }
      if (!f.processors() && c.sourcePath().endsWith(".java")) {
        deleted.add(f.roots().get(0).resolve(c.sourcePath()));
      } else {
        unexplained.add(c.classFile());
      }
    }
    Optional<String> full = f.settingsChanged().or(() -> unexplained.stream().findFirst()
        .map(c -> f.output() + "/" + f.outputDir().relativize(c) + " has no source, and " + (f.processors()
            ? "an annotation processor may have written it" : "nothing tells where it came from")));
    long oldest = f.classes().stream().filter(c -> c.source() != null).mapToLong(ClassOutput::millis).min()
        .orElse(Long.MIN_VALUE);
    if (full.isEmpty() && oldest == Long.MIN_VALUE) {
      full = Optional.of("no class file in " + f.output() + " comes from a source there");
    }
    long since = Math.max(oldest, f.vouched());
    if (full.isEmpty()) {
      full = new TreeSet<>(f.inputs().keySet()).stream().filter(n -> f.inputs().get(n) >= since).findFirst()
          .map(n -> n + " newer than " + f.output());
    }
    if (full.isEmpty() && f.mavenSources().isEmpty()) {
      full = new TreeSet<>(f.sourceDirs().keySet()).stream().filter(d -> f.sourceDirs().get(d) >= since).findFirst()
          .map(d -> d + " changed after " + f.output() + " was written (a source added or deleted?), and no list"
              + " of Maven's tells which");
    }
    if (full.isPresent()) {
      return new Full(full.get(), deleted);
    }
    Map<Path, Long> oldestOf = new HashMap<>();
    for (ClassOutput c : f.classes()) {
      if (c.source() != null) {
        oldestOf.merge(c.source(), c.millis(), Math::min);
      }
    }
    Set<Path> outOfDate = new HashSet<>();
    f.sources().forEach((source, millis) -> {
      Long written = oldestOf.get(source);
      if (written == null || written <= millis) {
        outOfDate.add(source);
      }
    });
    return new Partial(outOfDate, deleted, f.sources().size());
  }
}
