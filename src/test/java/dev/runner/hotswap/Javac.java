package dev.runner.hotswap;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles Java sources written by a test, as a build would: each version into a directory of its own. */
final class Javac {
  private static final JavaCompiler COMPILER = ToolProvider.getSystemJavaCompiler();
  /** Shared, so the platform classes are opened once per test run, not once per compile. */
  private static final StandardJavaFileManager FILES = COMPILER.getStandardFileManager(null, null, UTF_8);
  private final Path root;
  private int version;

  Javac(Path root) {
    this.root = root;
  }

  /** {@code sources}: path under the source root → text. Returns binary class name → bytes. */
  Map<String, byte[]> compile(Map<String, String> sources, String... options) throws IOException {
    Path src = root.resolve("src" + ++version);
    Path out = root.resolve("classes" + version);
    compileInto(src, out, sources, options);
    Map<String, byte[]> classes = new HashMap<>();
    try (Stream<Path> files = Files.walk(out)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
        String name = out.relativize(f).toString().replace('/', '.');
        classes.put(name.substring(0, name.length() - ".class".length()), Files.readAllBytes(f));
      }
    }
    return classes;
  }

  /** Writes {@code sources} under {@code src} and compiles them into {@code out} (with -g, as Maven does). */
  static void compileInto(Path src, Path out, Map<String, String> sources, String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of("-g", "-d", out.toString(), "-proc:none"));
    args.addAll(List.of(options));
    List<Path> files = new ArrayList<>();
    for (Map.Entry<String, String> e : sources.entrySet()) {
      Path file = src.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
      files.add(file);
    }
    Files.createDirectories(out);
    StringWriter errors = new StringWriter();
    boolean ok;
    synchronized (FILES) {
      ok = COMPILER.getTask(errors, FILES, null, args, null, FILES.getJavaFileObjectsFromPaths(files)).call();
    }
    if (!ok) {
      throw new IllegalStateException("javac failed:\n" + errors);
    }
  }
}
