package dev.runner.build;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * Compiles changed sources in this JVM with the JDK's own javac, so a reload does not pay for
 * starting Maven. One compiler and one file manager stay warm across calls (jar indexes stay
 * open and javac's code stays JIT-compiled); that, not cleverness, is most of the speed-up.
 *
 * <p>Correctness first: a call compiles the changed sources plus every source that may depend on
 * them ({@link DependencyIndex}), and compiles the whole module whenever it is unsure: on the
 * first call, after a failed call, when a source was deleted, when the incremental set has an
 * error, when more than half of the module would be compiled anyway, and when a compile-time
 * constant changed or a new class may shadow another (javac leaves no trace of those in the users'
 * class files). javac writes into a temporary directory next to the output directory; only when
 * it succeeds are the class files renamed into place and stale ones (of deleted sources, or
 * {@code Foo$1.class} that {@code Foo.java} no longer produces) deleted. A failed compile leaves
 * the output directory exactly as it was. While compiling, the old class files being replaced are
 * hidden from javac, so a reference to a class that is gone is an error now, not at run time.
 *
 * <p>Not thread-safe: call it from one thread at a time (the build thread). Made from a
 * {@code java -cp} COMMAND it runs with dev-loop defaults (annotation processors off, see
 * {@link WarmJavac#withDefaults}); made for a Maven module ({@link ModuleJavac}) it runs with exactly
 * that module's options, and when annotation processors run every compile is a full one: an
 * aggregating processor (Micronaut's bean definitions) or Lombok's generated members reach files an
 * incremental plan cannot see. The processors then write their sources into the temporary directory
 * too, and only a successful compile replaces the generated-sources directory, so no stale
 * generated source is ever read again. {@code module-info.java} is not compiled (everything
 * compiles on the class path).
 */
public final class JavacBuild implements AutoCloseable {
  /**
   * How a compile ended. {@code diagnostics} are formatted as javac prints them; {@code compiled}
   * are the sources javac was last given; {@code full} says whether that was the whole module.
   */
  public record Result(boolean ok, List<String> diagnostics, Set<Path> compiled, boolean full, long millis,
      boolean apiChanged) {
    public Result {
      diagnostics = List.copyOf(diagnostics);
      compiled = Set.copyOf(compiled);
    }

    public int filesCompiled() {
      return compiled.size();
    }
  }

  /** Above this share of the module an incremental compile is not worth its risk. */
  static final double FULL_FRACTION = 0.5;

  private final List<Path> sourceRoots;
  private final List<Path> indexRoots; // sourceRoots plus the generated sources, whose classes are ours too
  private final Path outputDir;
  private final Path generatedSources; // null: none of ours to keep in step
  private final boolean alwaysFull;
  private final WarmJavac javac;
  private DependencyIndex index; // read from the output directory on the first compile
  private boolean needFull; // set by a failed compile, and whenever the index is read afresh

  /**
   * {@code options} come after the defaults ({@code -g -parameters -proc:none -implicit:none
   * -Xlint:none -encoding UTF-8 --release <running JDK>}); a default is left out when the options
   * set the same thing. The output directory goes first on the class path.
   */
  public JavacBuild(List<Path> sourceRoots, Path outputDir, List<Path> classpath, List<String> options)
      throws IOException {
    this(sourceRoots, outputDir, classpath, WarmJavac.withDefaults(options), Optional.empty(), null, false);
  }

  /**
   * {@code options} exactly as given; {@code generatedSources}, when not null, is javac's {@code -s}
   * and is kept in step with each successful compile; {@code alwaysFull}: every compile is full.
   */
  JavacBuild(List<Path> sourceRoots, Path outputDir, List<Path> classpath, List<String> options,
      Optional<List<Path>> processorPath, Path generatedSources, boolean alwaysFull) throws IOException {
    Files.createDirectories(outputDir);
    this.sourceRoots = sourceRoots.stream().map(JavacBuild::canonical).toList();
    this.outputDir = canonical(outputDir);
    this.generatedSources = generatedSources == null ? null : canonical(generatedSources);
    List<Path> roots = new ArrayList<>(this.sourceRoots);
    if (this.generatedSources != null && !roots.contains(this.generatedSources)) {
      roots.add(this.generatedSources);
    }
    this.indexRoots = List.copyOf(roots);
    this.alwaysFull = alwaysFull;
    List<Path> path = new ArrayList<>(List.of(this.outputDir));
    classpath.forEach(p -> path.add(p.toAbsolutePath().normalize()));
    this.javac = new WarmJavac(path, options,
        processorPath.map(ps -> ps.stream().map(p -> p.toAbsolutePath().normalize()).toList()));
  }

  /** False on a runtime without {@code jdk.compiler} (a JRE). */
  public static boolean available() {
    return ToolProvider.getSystemJavaCompiler() != null;
  }

  /**
   * Brings the output directory up to date after {@code changedOrDeletedSources} changed (files
   * that are not {@code .java} under a source root are ignored). Returns after every class file is
   * complete and in place.
   */
  public Result compile(Set<Path> changedOrDeletedSources) throws IOException {
    long t0 = System.nanoTime();
    Set<Path> changed = relevant(changedOrDeletedSources);
    if (!Files.isDirectory(outputDir)) { // `mvn clean` under our feet: nothing we knew is there
      Files.createDirectories(outputDir);
      index = null;
    }
    if (index != null && !needFull && changed.isEmpty()) {
      return new Result(true, List.of(), Set.of(), false, millisSince(t0), false);
    }
    try {
      if (index == null) {
        index = DependencyIndex.scan(outputDir, indexRoots);
        needFull = true;
      }
      if (!needFull && !alwaysFull && changed.stream().allMatch(Files::isRegularFile)) {
        Set<Path> plan = index.plan(changed);
        if (plan.size() <= FULL_FRACTION * index.sources().size()) {
          Attempt incremental = attempt(plan, Set.of(), false);
          if (incremental.ok()) {
            return new Result(true, incremental.diagnostics(), plan, false, millisSince(t0), incremental.apiChanged());
          }
        }
      }
      Set<Path> all = allSources();
      Set<Path> gone = new HashSet<>(index.sources());
      gone.removeAll(all);
      Attempt full = attempt(all, gone, true);
      needFull = !full.ok();
      return new Result(full.ok(), full.diagnostics(), all, true, millisSince(t0), full.apiChanged());
    } catch (IOException | RuntimeException e) {
      index = null; // the output may be half installed: read it afresh and compile everything next time
      throw e;
    }
  }

  /**
   * Takes the output directory as up to date (the caller checked it, e.g. against a stamp): the
   * next compile may be incremental instead of the full one a first compile otherwise is.
   */
  public void assumeUpToDate() throws IOException {
    adopt(readOutput());
  }

  /** What the output directory holds now, as an index (to check it before {@link #adopt adopting} it). */
  DependencyIndex readOutput() throws IOException {
    return DependencyIndex.scan(outputDir, indexRoots);
  }

  /**
   * Takes {@code index} as the truth about the output directory: the next compile may be
   * incremental, and removes the class files of the sources it ties to deleted ones.
   */
  void adopt(DependencyIndex index) {
    this.index = index;
    needFull = false;
  }

  /** Every source javac would compile in a full compile. */
  Set<Path> sources() throws IOException {
    return allSources();
  }

  /** Compiles the whole module (after the watcher lost track, or at start-up). */
  public Result compileAll() throws IOException {
    needFull = true;
    return compile(Set.of());
  }

  @Override
  public void close() throws IOException {
    javac.close();
  }

  /**
   * Not ok with no diagnostics means the incremental result was discarded for a full compile.
   * {@code apiChanged}: a class appeared, went, or changed what other modules compile against.
   */
  private record Attempt(boolean ok, List<String> diagnostics, boolean apiChanged) {}

  private Attempt attempt(Set<Path> sources, Set<Path> gone, boolean full) throws IOException {
    Set<Path> replaced = new HashSet<>(sources);
    replaced.addAll(gone);
    Path tmp = Files.createTempDirectory(outputDir.getParent(), ".javac-");
    try {
      List<String> diagnostics = new ArrayList<>();
      List<Path> sorted = sources.stream().sorted().toList(); // stable order, stable messages
      Path classes = Files.createDirectory(tmp.resolve("classes"));
      Path generated = generatedSources == null ? null : Files.createDirectory(tmp.resolve("generated"));
      if (!sources.isEmpty() && !javac.compile(sorted, classes, generated, index.classFiles(replaced), diagnostics)) {
        return new Attempt(false, diagnostics, false);
      }
      Map<Path, ClassFileInfo> fresh = new HashMap<>();
      for (Path file : files(classes)) {
        if (file.toString().endsWith(".class")) {
          fresh.put(file, ClassFileInfo.parse(Files.readAllBytes(file)));
        }
      }
      if (!full && index.fullRebuildReason(sources, fresh.values()) != null) {
        return new Attempt(false, List.of(), false);
      }
      boolean apiChanged = !index.api(replaced).equals(api(fresh.values()));
      if (generated != null && full) {
        GeneratedSources.replace(generatedSources, generated);
      }
      install(classes, fresh, replaced);
      return new Attempt(true, diagnostics, apiChanged);
    } finally {
      deleteTree(tmp);
    }
  }

  /** Renames the new files into place (atomic per file), then deletes what they replace. */
  private void install(Path tmp, Map<Path, ClassFileInfo> fresh, Set<Path> replaced) throws IOException {
    Set<Path> written = new HashSet<>();
    Map<Path, ClassFileInfo> placed = new HashMap<>();
    for (Path file : files(tmp)) {
      Path target = outputDir.resolve(tmp.relativize(file).toString());
      Files.createDirectories(target.getParent());
      moveAtomically(file, target);
      written.add(target);
      if (fresh.containsKey(file)) {
        placed.put(target, fresh.get(file));
      }
    }
    for (Path stale : index.classFiles(replaced)) {
      if (!written.contains(stale)) {
        Files.deleteIfExists(stale);
      }
    }
    index.replace(replaced, placed);
  }

  private static Map<String, String> api(Collection<ClassFileInfo> infos) {
    Map<String, String> api = new HashMap<>();
    infos.forEach(i -> api.put(i.name(), i.api()));
    return api;
  }

  /** A rename, so a JVM starting now sees the old file or the new one, never a part of one. */
  private static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) { // the output directory is a file system of its own
      Path near = to.resolveSibling(to.getFileName() + ".tmp");
      Files.copy(from, near, StandardCopyOption.REPLACE_EXISTING);
      Files.move(near, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private Set<Path> relevant(Set<Path> paths) {
    return paths.stream().map(JavacBuild::canonical)
        .filter(p -> isSource(p) && sourceRoots.stream().anyMatch(p::startsWith))
        .collect(Collectors.toSet());
  }

  private Set<Path> allSources() throws IOException {
    Set<Path> all = new HashSet<>();
    for (Path root : sourceRoots) {
      if (Files.isDirectory(root)) {
        files(root).stream().filter(JavacBuild::isSource).forEach(all::add);
      }
    }
    return all;
  }

  private static boolean isSource(Path p) {
    String name = p.getFileName().toString();
    return name.endsWith(".java") && !name.equals("module-info.java");
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).toList();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Real path when it exists (javac reports real paths), else the real parent plus the name. */
  static Path canonical(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    try {
      return abs.toRealPath();
    } catch (IOException e) {
      return abs.getParent() == null ? abs : canonical(abs.getParent()).resolve(abs.getFileName().toString());
    }
  }

  private static long millisSince(long t0) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
  }
}
