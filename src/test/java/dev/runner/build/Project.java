package dev.runner.build;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A throw-away source tree ({@code src}) and output directory ({@code out}) on real files. */
final class Project {
  final Path src;
  final Path out;

  Project(Path dir) throws IOException {
    this.src = Files.createDirectories(dir.resolve("src")).toRealPath();
    this.out = dir.toRealPath().resolve("out");
  }

  /** Writes {@code src/<rel>} and returns its path. */
  Path write(String rel, String... lines) throws IOException {
    Path file = src.resolve(rel);
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  Path source(String rel) {
    return src.resolve(rel);
  }

  Path classFile(String binaryName) {
    return out.resolve(binaryName.replace('.', '/') + ".class");
  }

  JavacBuild build(Path... classpath) throws IOException {
    return new JavacBuild(List.of(src), out, List.of(classpath), List.of());
  }

  /** Every file under {@code out} with its bytes, to prove a failed compile touched nothing. */
  Map<Path, String> snapshot() throws IOException {
    Map<Path, String> all = new TreeMap<>();
    try (Stream<Path> files = Files.walk(out)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        all.put(out.relativize(f), HexFormat.of().formatHex(Files.readAllBytes(f)));
      }
    }
    return all;
  }

  /** Class files under {@code out}, as binary names. */
  Set<String> classes() throws IOException {
    try (Stream<Path> files = Files.walk(out)) {
      return files.filter(f -> f.toString().endsWith(".class"))
          .map(f -> out.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", ""))
          .collect(Collectors.toSet());
    }
  }

  /** Calls {@code className.method()} in a fresh class loader over {@code out} (and {@code extra}). */
  Object call(String className, String method, Path... extra) throws Exception {
    List<URL> urls = new ArrayList<>(List.of(out.toUri().toURL()));
    for (Path p : extra) {
      urls.add(p.toUri().toURL());
    }
    try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      return loader.loadClass(className).getMethod(method).invoke(null);
    }
  }
}
