package dev.runner.build;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * One javac and one file manager, kept across compiles: the file manager keeps the class path's
 * jars open and indexed, and javac's own code stays JIT-compiled in this JVM. Each call is one
 * javac task over the given sources into the given directory. Not thread-safe.
 */
final class WarmJavac implements AutoCloseable {
  private final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
  private final List<Path> classpath;
  private final Optional<List<Path>> processorPath;
  private final List<String> options;
  private final Map<Path, Long> jarTimes = new HashMap<>();
  private StandardJavaFileManager fileManager;

  /**
   * {@code classpath} is searched in order; {@code options} are javac's, as they are (see
   * {@link #withDefaults} for the dev-loop defaults); {@code processorPath} is javac's
   * {@code -processorpath} when present.
   */
  WarmJavac(List<Path> classpath, List<String> options, Optional<List<Path>> processorPath) {
    if (compiler == null) {
      throw new IllegalStateException(
          "no Java compiler in this runtime (a JRE, not a JDK?): " + System.getProperty("java.home"));
    }
    this.classpath = List.copyOf(classpath);
    this.processorPath = processorPath.map(List::copyOf);
    this.options = List.copyOf(options);
    open();
  }

  /**
   * Compiles {@code sources} into {@code into}, adding javac's messages to {@code diagnostics}.
   * Annotation processors write their sources into {@code generatedInto} (javac's {@code -s}),
   * or next to the classes when it is null. Class files in {@code hidden} are invisible to javac:
   * they are what this compile replaces. Returns after javac has closed every file it wrote.
   */
  boolean compile(List<Path> sources, Path into, Path generatedInto, Set<Path> hidden, List<String> diagnostics)
      throws IOException {
    if (!jarTimes.equals(jarTimes())) { // a jar rebuilt under the cached index needs a fresh one
      fileManager.close();
      open();
    }
    fileManager.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(into));
    fileManager.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(generatedInto == null ? into : generatedInto));
    DiagnosticCollector<JavaFileObject> collector = new DiagnosticCollector<>();
    StringWriter out = new StringWriter();
    boolean ok = compiler.getTask(out, new Hiding(fileManager, hidden), collector, options, null,
        fileManager.getJavaFileObjectsFromPaths(sources)).call();
    collector.getDiagnostics().forEach(d -> diagnostics.add(format(d)));
    if (!out.toString().isBlank()) {
      diagnostics.add(out.toString().strip());
    }
    return ok;
  }

  @Override
  public void close() throws IOException {
    fileManager.close();
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
    StringBuilder out = new StringBuilder(d.getSource().getName() + ":" + d.getLineNumber() + ": " + kind + ": "
        + (nl < 0 ? message : message.substring(0, nl)));
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
      StringBuilder caret = new StringBuilder();
      for (int i = start; i < pos; i++) {
        caret.append(text.charAt(i) == '\t' ? '\t' : ' '); // keep tabs so the caret lines up
      }
      out.append('\n').append(text, start, end < 0 ? text.length() : end).append('\n').append(caret).append('^');
    }
    return out.append(nl < 0 ? "" : message.substring(nl)).toString();
  }

  private void open() {
    fileManager = compiler.getStandardFileManager(null, Locale.getDefault(), StandardCharsets.UTF_8);
    try {
      fileManager.setLocationFromPaths(StandardLocation.CLASS_PATH, classpath);
      fileManager.setLocationFromPaths(StandardLocation.SOURCE_PATH, List.of()); // never sources from jars
      if (processorPath.isPresent()) {
        fileManager.setLocationFromPaths(StandardLocation.ANNOTATION_PROCESSOR_PATH, processorPath.get());
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("bad class path " + classpath + ": " + e.getMessage(), e);
    }
    jarTimes.clear();
    jarTimes.putAll(jarTimes());
  }

  private Map<Path, Long> jarTimes() {
    Map<Path, Long> times = new HashMap<>();
    for (Path p : classpath) {
      times.put(p, p.toFile().lastModified()); // 0 when missing; directories are never cached
    }
    processorPath.ifPresent(jars -> jars.forEach(p -> times.put(p, p.toFile().lastModified())));
    return times;
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
