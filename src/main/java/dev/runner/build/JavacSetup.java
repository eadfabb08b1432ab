package dev.runner.build;

import dev.runner.cds.JavaCommand;
import dev.runner.config.RunnerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Works out what {@code --javac} compiles from what the user already said: the class path and
 * class directory from COMMAND's {@code -cp}, the sources from the watched directories that are
 * not on it. No extra options to keep in sync with the build.
 */
public final class JavacSetup {
  private JavacSetup() {}

  /** @throws IllegalArgumentException with a message for the user when it cannot be worked out */
  public static JavacBuild create(RunnerConfig config) throws IOException {
    if (!JavacBuild.available()) {
      throw new IllegalArgumentException("--javac needs a JDK (this runner runs on a JRE without javac); use --build");
    }
    JavaCommand java = JavaCommand.parse(config.command(), config.workDir()).orElseThrow(() ->
        new IllegalArgumentException("--javac needs COMMAND to be 'java [OPTIONS] -cp CLASSPATH MainClass'"));
    List<Path> classpath = new ArrayList<>();
    for (String e : java.classpath()) {
      if (e.equals("*") || e.endsWith("/*")) { // like the java launcher: every jar in that directory
        Path dir = config.workDir().resolve(e.substring(0, e.length() - 1)).toAbsolutePath().normalize();
        try (var jars = Files.list(dir)) {
          jars.filter(j -> j.toString().endsWith(".jar") || j.toString().endsWith(".JAR")).sorted()
              .forEach(classpath::add);
        } catch (IOException notThere) {
          // an empty or missing directory adds nothing, as for java
        }
        continue;
      }
      classpath.add(config.workDir().resolve(e).toAbsolutePath().normalize());
    }
    Path out = classDir(config, classpath).orElse(null);
    if (out == null) {
      throw new IllegalArgumentException("--javac: no directory on COMMAND's class path is watched; watch the"
          + " class directory (e.g. -w target/classes) so the compiler knows where to write");
    }
    List<Path> sources = new ArrayList<>();
    for (Path w : config.watch()) {
      if (!out.startsWith(w) && !w.startsWith(out) && !classpath.contains(w)) {
        sources.add(w);
      }
    }
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("--javac: no watched directory holds sources; watch the source root"
          + " too (e.g. -w src/main/java)");
    }
    Path classDir = out;
    List<Path> deps = classpath.stream().filter(p -> !p.equals(classDir)).toList();
    return new JavacBuild(sources, out, deps, List.of());
  }

  /** Where --javac writes classes: a watched directory on the class path; one named "classes" first. */
  public static Optional<Path> classDir(RunnerConfig config, List<Path> classpath) {
    Path out = null;
    for (Path p : classpath) {
      if (!p.toString().endsWith(".jar") && config.watch().stream().anyMatch(p::startsWith)
          && (out == null || !out.getFileName().toString().equals("classes") && p.getFileName().toString().equals("classes"))) {
        out = p;
      }
    }
    return Optional.ofNullable(out);
  }
}
