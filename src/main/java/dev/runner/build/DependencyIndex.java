package dev.runner.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which source produced which class files and which classes mention which: enough to choose the
 * sources a change can affect. It is read from the class files in the output directory (whoever
 * wrote them: Maven or {@link JavacBuild}), kept in memory only, and read afresh whenever
 * {@link JavacBuild} has reason to doubt it (first compile, output directory deleted, an I/O error
 * while installing). Reading is cheap: undertow-core's 1,500 class files take 0.1 to 0.25 s.
 *
 * <p>A class file is tied to its source through its {@code SourceFile} attribute and package. A
 * class whose source cannot be found under the source roots (a generated class, or one whose
 * source was deleted while nobody watched) is left alone: never hidden, never deleted.
 */
final class DependencyIndex {
  /** One class file; {@code source} is null when no source root holds its source. */
  record Entry(ClassFileInfo info, Path classFile, Path source) {}

  private final List<Path> sourceRoots;
  private final Map<String, Entry> classes = new HashMap<>();

  private DependencyIndex(List<Path> sourceRoots) {
    this.sourceRoots = sourceRoots;
  }

  static DependencyIndex scan(Path outputDir, List<Path> sourceRoots) throws IOException {
    DependencyIndex index = new DependencyIndex(sourceRoots);
    if (Files.isDirectory(outputDir)) {
      try (Stream<Path> files = Files.walk(outputDir)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
          try {
            index.add(file, ClassFileInfo.parse(Files.readAllBytes(file)));
          } catch (IOException | RuntimeException e) {
            // not a class file we can read (truncated, or from a newer JDK): not ours to manage
          }
        }
      }
    }
    return index;
  }

  /** Every class file read, with the source it comes from. */
  List<Entry> entries() {
    return List.copyOf(classes.values());
  }

  /**
   * Ties the class files no source explains to the source they name among {@code deleted} (gone
   * while nobody watched, see {@link StaleOutput}): the next compile then removes them, as after a
   * deletion the watcher saw.
   */
  void attributeDeleted(Set<Path> deleted) {
    for (Entry e : List.copyOf(classes.values())) {
      if (e.source() == null) {
        sourceRoots.stream().map(r -> r.resolve(e.info().packagePath()).resolve(e.info().sourceFileName()))
            .filter(deleted::contains).findFirst()
            .ifPresent(s -> classes.put(e.info().name(), new Entry(e.info(), e.classFile(), s)));
      }
    }
  }

  /** Sources that have class files in the index. */
  Set<Path> sources() {
    return classes.values().stream().map(Entry::source).filter(Objects::nonNull).collect(Collectors.toSet());
  }

  /** The class files produced by {@code sources} (as of the last compile). */
  Set<Path> classFiles(Collection<Path> sources) {
    Set<Path> wanted = new HashSet<>(sources);
    return classes.values().stream().filter(e -> of(wanted, e))
        .map(Entry::classFile).collect(Collectors.toSet());
  }

  /** The {@link ClassFileInfo#api} of each class {@code sources} produced, by class name. */
  Map<String, String> api(Collection<Path> sources) {
    Set<Path> wanted = new HashSet<>(sources);
    return classes.values().stream().filter(e -> of(wanted, e))
        .collect(Collectors.toMap(e -> e.info().name(), e -> e.info().api()));
  }

  /**
   * {@code changed} plus every source whose compilation may read something of theirs. A class is
   * affected when its source changed, or when its visible API mentions an affected class (a class
   * extending a changed one inherits the change, though its own bytes stay the same); a source is
   * recompiled when one of its classes mentions an affected class anywhere.
   */
  Set<Path> plan(Set<Path> changed) {
    Map<String, Set<String>> apiUsers = new HashMap<>();
    for (Entry e : classes.values()) {
      for (String used : e.info().apiRefs()) {
        apiUsers.computeIfAbsent(used, k -> new HashSet<>()).add(e.info().name());
      }
    }
    Set<String> affected = new HashSet<>();
    Deque<String> work = new ArrayDeque<>();
    classes.values().stream().filter(e -> of(changed, e)).forEach(e -> work.add(e.info().name()));
    while (!work.isEmpty()) {
      String name = work.poll();
      if (affected.add(name)) {
        work.addAll(apiUsers.getOrDefault(name, Set.of()));
      }
    }
    Set<Path> plan = new HashSet<>(changed);
    for (Entry e : classes.values()) {
      if (e.source() != null && (affected.contains(e.info().name())
          || e.info().refs().stream().anyMatch(affected::contains))) {
        plan.add(e.source());
      }
    }
    return plan;
  }

  /**
   * Why compiling only {@code compiled} (into {@code fresh}) is not enough, or null when it is.
   * Two changes leave no trace in the users' class files: a changed compile-time constant (javac
   * copied the old value), and a new top-level class that may now shadow a same-named class
   * another file imports on demand ({@code import other.*}).
   */
  String fullRebuildReason(Set<Path> compiled, Collection<ClassFileInfo> fresh) {
    Map<String, ClassFileInfo> byName = fresh.stream()
        .collect(Collectors.toMap(ClassFileInfo::name, c -> c, (a, b) -> a));
    Set<String> names = new HashSet<>(byName.keySet());
    classes.values().stream().filter(e -> of(compiled, e)).forEach(e -> names.add(e.info().name()));
    Set<String> newSimpleNames = new HashSet<>();
    for (String name : names) {
      Entry old = classes.get(name);
      ClassFileInfo now = byName.get(name);
      if (old == null) {
        if (!name.contains("$")) {
          newSimpleNames.add(simpleName(name));
        }
      } else if (!old.info().constants().equals(now == null ? Map.of() : now.constants())) {
        return "a constant of " + name.replace('/', '.') + " changed";
      }
    }
    for (Entry e : classes.values()) {
      if (e.source() != null && !of(compiled, e)) {
        for (String ref : e.info().refs()) {
          if (newSimpleNames.contains(simpleName(ref))) {
            return "new class " + simpleName(ref) + " may shadow " + ref.replace('/', '.');
          }
        }
      }
    }
    return null;
  }

  /** Forgets the classes of {@code sources} and records {@code fresh} (class file to content). */
  void replace(Set<Path> sources, Map<Path, ClassFileInfo> fresh) {
    classes.values().removeIf(e -> of(sources, e));
    fresh.forEach(this::add);
  }

  private void add(Path classFile, ClassFileInfo info) {
    classes.put(info.name(), new Entry(info, classFile, sourceOf(info)));
  }

  private Path sourceOf(ClassFileInfo info) {
    for (Path root : sourceRoots) {
      Path candidate = root.resolve(info.packagePath()).resolve(info.sourceFileName());
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** Whether {@code e} came from one of {@code sources} (null-safe for immutable sets). */
  private static boolean of(Set<Path> sources, Entry e) {
    return e.source() != null && sources.contains(e.source());
  }

  private static String simpleName(String internalName) {
    return internalName.substring(internalName.lastIndexOf('/') + 1);
  }
}
