package dev.runner.build;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
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
 * <p>Not thread-safe: call it from one thread at a time (the build thread). Annotation processors
 * are off ({@code -proc:none}) unless the options say otherwise; {@code module-info.java} is not
 * compiled (everything compiles on the class path).
 */
public final class JavacBuild implements AutoCloseable {
  /** How a compile ended; {@code compiled} are the sources javac was given. */
  public record Result(boolean ok, List<String> diagnostics, Set<Path> compiled, boolean full, long millis) {
    public int filesCompiled() {
      return compiled.size();
    }
  }

  /** Above this share of the module an incremental compile is not worth its risk. */
  static final double FULL_FRACTION = 0.5;

  private final List<Path> sourceRoots;
  private final Path outputDir;
  private final List<Path> classpath;
  private final List<String> options;
  private final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
  private final Map<Path, Long> jarTimes = new HashMap<>();
  private StandardJavaFileManager fileManager;
  private DependencyIndex index; // read from the output directory on the first compile
  private boolean needFull = true;

  /**
   * {@code options} come after the defaults ({@code -g -parameters -proc:none -implicit:none
   * -Xlint:none -encoding UTF-8 --release <running JDK>}); a default is left out when the options
   * set the same thing. The output directory goes first on the class path.
   */
  public JavacBuild(List<Path> sourceRoots, Path outputDir, List<Path> classpath, List<String> options)
      throws IOException {
    if (compiler == null) {
      throw new IllegalStateException("no Java compiler in this runtime (a JRE, not a JDK?): " + System.getProperty("java.home"));
    }
    Files.createDirectories(outputDir);
    this.sourceRoots = sourceRoots.stream().map(JavacBuild::canonical).toList();
    this.outputDir = canonical(outputDir);
    this.classpath = classpath.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    this.options = withDefaults(options);
    openFileManager();
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
    if (!needFull && changed.isEmpty()) {
      return new Result(true, List.of(), Set.of(), false, millisSince(t0));
    }
    if (index == null) {
      index = DependencyIndex.scan(outputDir, sourceRoots);
    }
    reopenIfJarsChanged();
    if (!needFull && changed.stream().allMatch(Files::isRegularFile)) {
      Set<Path> plan = index.plan(changed);
      if (plan.size() <= FULL_FRACTION * index.sources().size()) {
        Attempt incremental = attempt(plan, Set.of(), false);
        if (incremental.ok()) {
          return new Result(true, incremental.diagnostics(), plan, false, millisSince(t0));
        }
      }
    }
    Set<Path> all = allSources();
    Set<Path> gone = new HashSet<>(index.sources());
    gone.removeAll(all);
    Attempt full = attempt(all, gone, true);
    needFull = !full.ok();
    return new Result(full.ok(), full.diagnostics(), all, true, millisSince(t0));
  }

  @Override
  public void close() throws IOException {
    fileManager.close();
  }

  /** Not ok with no diagnostics means the incremental result was discarded for a full compile. */
  private record Attempt(boolean ok, List<String> diagnostics) {}

  private Attempt attempt(Set<Path> sources, Set<Path> gone, boolean full) throws IOException {
    Set<Path> replaced = new HashSet<>(sources);
    replaced.addAll(gone);
    Path tmp = Files.createTempDirectory(outputDir.getParent(), ".javac-");
    try {
      List<String> diagnostics = new ArrayList<>();
      if (!sources.isEmpty() && !javac(sources, tmp, index.classFiles(replaced), diagnostics)) {
        return new Attempt(false, diagnostics);
      }
      Map<Path, ClassFileInfo> fresh = new HashMap<>();
      for (Path file : files(tmp)) {
        if (file.toString().endsWith(".class")) {
          fresh.put(file, ClassFileInfo.parse(Files.readAllBytes(file)));
        }
      }
      if (!full && index.fullRebuildReason(sources, fresh.values()) != null) {
        return new Attempt(false, List.of());
      }
      install(tmp, fresh, replaced);
      return new Attempt(true, diagnostics);
    } finally {
      deleteTree(tmp);
    }
  }

  private boolean javac(Set<Path> sources, Path into, Set<Path> hidden, List<String> diagnostics) throws IOException {
    fileManager.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(into));
    DiagnosticCollector<JavaFileObject> collector = new DiagnosticCollector<>();
    StringWriter out = new StringWriter();
    List<Path> sorted = sources.stream().sorted().toList(); // stable order, stable messages
    boolean ok = compiler.getTask(out, new Hiding(fileManager, hidden), collector, options, null,
        fileManager.getJavaFileObjectsFromPaths(sorted)).call();
    collector.getDiagnostics().forEach(d -> diagnostics.add(format(d)));
    if (!out.toString().isBlank()) {
      diagnostics.add(out.toString().strip());
    }
    return ok;
  }

  /** Renames the new files into place (atomic per file), then deletes what they replace. */
  private void install(Path tmp, Map<Path, ClassFileInfo> fresh, Set<Path> replaced) throws IOException {
    Set<Path> written = new HashSet<>();
    Map<Path, ClassFileInfo> placed = new HashMap<>();
    for (Path file : files(tmp)) {
      Path target = outputDir.resolve(tmp.relativize(file).toString());
      Files.createDirectories(target.getParent());
      Files.move(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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

  private void openFileManager() {
    fileManager = compiler.getStandardFileManager(null, Locale.getDefault(), StandardCharsets.UTF_8);
    List<Path> path = new ArrayList<>(List.of(outputDir));
    path.addAll(classpath);
    try {
      fileManager.setLocationFromPaths(StandardLocation.CLASS_PATH, path);
      fileManager.setLocationFromPaths(StandardLocation.SOURCE_PATH, List.of()); // never read sources from jars
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    jarTimes.clear();
    jarTimes.putAll(jarTimes());
  }

  /** The file manager keeps jar indexes open; a jar rebuilt under it needs a fresh one. */
  private void reopenIfJarsChanged() throws IOException {
    if (!jarTimes.equals(jarTimes())) {
      fileManager.close();
      openFileManager();
    }
  }

  private Map<Path, Long> jarTimes() {
    Map<Path, Long> times = new HashMap<>();
    for (Path p : classpath) {
      times.put(p, p.toFile().lastModified()); // 0 for a missing file; directories are not cached
    }
    return times;
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

  /** javac's defaults for a dev loop, each dropped when {@code given} already decides it. */
  static List<String> withDefaults(List<String> given) {
    List<String> all = new ArrayList<>();
    addUnless(all, given, List.of("-g"), "-g");
    addUnless(all, given, List.of("-parameters"), "-parameters");
    addUnless(all, given, List.of("-proc:", "-processor"), "-proc:none");
    addUnless(all, given, List.of("-implicit:"), "-implicit:none");
    addUnless(all, given, List.of("-Xlint"), "-Xlint:none");
    addUnless(all, given, List.of("-encoding"), "-encoding", "UTF-8");
    addUnless(all, given, List.of("--release", "-source", "--source", "-target", "--target"),
        "--release", Integer.toString(Runtime.version().feature()));
    all.addAll(given);
    return List.copyOf(all);
  }

  private static void addUnless(List<String> into, List<String> given, List<String> prefixes, String... option) {
    if (given.stream().noneMatch(o -> prefixes.stream().anyMatch(o::startsWith))) {
      into.addAll(List.of(option));
    }
  }

  /** Like javac on a terminal: {@code path:line: error: message}, the source line, a caret. */
  static String format(Diagnostic<? extends JavaFileObject> d) {
    String kind = switch (d.getKind()) {
      case ERROR -> "error";
      case WARNING, MANDATORY_WARNING -> "warning";
      default -> "note";
    };
    String message = d.getMessage(Locale.getDefault());
    if (d.getSource() == null) {
      return kind + ": " + message;
    }
    int nl = message.indexOf('\n');
    String first = nl < 0 ? message : message.substring(0, nl);
    StringBuilder out = new StringBuilder(d.getSource().getName() + ":" + d.getLineNumber() + ": " + kind + ": " + first);
    String text;
    try {
      text = d.getSource().getCharContent(true).toString();
    } catch (IOException e) {
      text = "";
    }
    long pos = d.getPosition();
    if (pos >= 0 && pos <= text.length()) {
      int start = text.lastIndexOf('\n', (int) pos - 1) + 1;
      int end = text.indexOf('\n', start);
      String line = text.substring(start, end < 0 ? text.length() : end).stripTrailing();
      StringBuilder caret = new StringBuilder();
      for (int i = start; i < pos; i++) {
        caret.append(text.charAt(i) == '\t' ? '\t' : ' '); // keep tabs so the caret lines up
      }
      out.append('\n').append(line).append('\n').append(caret).append('^');
    }
    if (nl >= 0) {
      out.append(message.substring(nl));
    }
    return out.toString();
  }

  private static long millisSince(long t0) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
  }

  /** Hides the class files a compile replaces, so javac cannot resolve against what is going away. */
  private static final class Hiding extends ForwardingJavaFileManager<StandardJavaFileManager> {
    private final Set<Path> hidden;

    Hiding(StandardJavaFileManager fileManager, Set<Path> hidden) {
      super(fileManager);
      this.hidden = hidden;
    }

    @Override
    public Iterable<JavaFileObject> list(Location location, String packageName, Set<JavaFileObject.Kind> kinds,
        boolean recurse) throws IOException {
      Iterable<JavaFileObject> all = super.list(location, packageName, kinds, recurse);
      if (hidden.isEmpty() || location != StandardLocation.CLASS_PATH) {
        return all;
      }
      List<JavaFileObject> kept = new ArrayList<>();
      for (JavaFileObject file : all) {
        URI uri = file.toUri();
        if (!"file".equals(uri.getScheme()) || !hidden.contains(Path.of(uri))) {
          kept.add(file);
        }
      }
      return kept;
    }
  }
}
