package dev.runner.build;

import dev.runner.project.CompilerSettings;
import dev.runner.project.Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;

/**
 * A {@link JavacBuild} for one Maven module, with the options maven-compiler-plugin would pass:
 * the module's release (never the runner's own), {@code -parameters} only when the build has it,
 * its encoding, compilerArgs, {@code -proc} and processors, and its processor path. Nothing is
 * added that Maven does not add ({@code -implicit}, {@code -Xlint} keep javac's defaults).
 */
public final class ModuleJavac {
  static final String PROCESSOR_SERVICE = "META-INF/services/javax.annotation.processing.Processor";

  private ModuleJavac() {}

  /**
   * The compiler for {@code module}, run by this JVM's javac.
   *
   * @throws IllegalArgumentException when this JDK cannot compile the module as Maven would
   */
  public static JavacBuild create(Module module) throws IOException {
    int jdk = Runtime.version().feature();
    checkRelease(module, jdk);
    boolean processors = runsProcessors(module, jdk);
    return new JavacBuild(sourceRoots(module, processors), module.outputDir(), module.compileClasspath(),
        module.compiler().javacOptions(), module.processorPath(), processors ? module.generatedSources() : null,
        processors);
  }

  /**
   * The source roots javac reads. When processors run, their output directory is left out: they
   * write it afresh on every compile, and reading last time's copy too would define each class twice.
   */
  static List<Path> sourceRoots(Module module, boolean processors) {
    Path generated = module.generatedSources().toAbsolutePath().normalize();
    return module.sourceRoots().stream()
        .filter(r -> !processors || !r.toAbsolutePath().normalize().equals(generated)).toList();
  }

  /**
   * Refuses a release (or target) newer than this JDK's javac can write, one older than it still
   * compiles for, or {@code -proc:only}.
   */
  static void checkRelease(Module module, int jdk) {
    CompilerSettings c = module.compiler();
    Optional<String> wanted = c.release().or(c::target).or(c::source);
    if (wanted.isPresent() && feature(wanted.get()) > jdk) {
      String what = c.release().isPresent() ? "release " : "target ";
      throw new IllegalArgumentException(module.id() + " compiles for " + what + wanted.get() + ", but the runner"
          + " runs on JDK " + jdk + ", whose javac cannot produce it: run the runner on JDK "
          + feature(wanted.get()) + " or newer (set JAVA_HOME to that JDK)");
    }
    int oldest = jdk >= 20 ? 8 : 7; // the oldest --source javac still takes (JDK 20 dropped 7)
    Optional<String> tooOld = c.release().or(c::source).or(c::target).filter(v -> feature(v) < oldest);
    if (tooOld.isPresent()) {
      String v = tooOld.get();
      throw new IllegalArgumentException(module.id() + " compiles for Java " + v
          + (feature(v) == 5 ? " (the default of maven-compiler-plugin 3.1, which Maven 3.8 uses when the pom pins"
              + " no compiler plugin version)" : "")
          + ", which javac " + jdk + " no longer compiles for: mvn compile on this JDK fails the same way. Set"
          + " maven.compiler.release (e.g. 17) in the pom, or pin maven-compiler-plugin (3.13.0 or newer)");
    }
    if (c.proc().filter("only"::equals).isPresent()) {
      throw new IllegalArgumentException(module.id() + " compiles with <proc>only</proc>: javac then writes no"
          + " class file, so there is nothing the runner could run; compile it with proc full (or none)");
    }
  }

  /** {@code "1.8"} is 8, {@code "17"} is 17. */
  static int feature(String version) {
    String v = version.startsWith("1.") ? version.substring(2) : version;
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a Java release: '" + version + "'", e);
    }
  }

  /**
   * Whether javac of version {@code jdk}, given this module's options, runs annotation processors
   * (mirroring javac's own rule, not inventing one): never with {@code -proc:none}; always with
   * {@code -processor} or a processor path; else those it discovers on the class path, which since
   * JDK 23 it only does when asked with {@code -proc:full}.
   */
  static boolean runsProcessors(Module module, int jdk) {
    CompilerSettings c = module.compiler();
    Optional<String> proc = c.proc().or(() -> lastProc(c.args()));
    if (proc.filter("none"::equals).isPresent()) {
      return false;
    }
    if (!c.processors().isEmpty() || c.args().contains("-processor")) {
      return true;
    }
    if (module.processorPath().isPresent()) {
      return module.processorPath().get().stream().anyMatch(ModuleJavac::offersProcessor);
    }
    if (jdk >= 23 && proc.isEmpty()) {
      return false;
    }
    return module.compileClasspath().stream().anyMatch(ModuleJavac::offersProcessor);
  }

  private static Optional<String> lastProc(List<String> args) {
    Optional<String> last = Optional.empty();
    for (String a : args) {
      if (a.startsWith("-proc:")) {
        last = Optional.of(a.substring("-proc:".length()));
      }
    }
    return last;
  }

  /** A jar or class directory that registers a processor for javac's service lookup. */
  static boolean offersProcessor(Path entry) {
    if (Files.isDirectory(entry)) {
      return Files.isRegularFile(entry.resolve(PROCESSOR_SERVICE));
    }
    if (!Files.isRegularFile(entry)) {
      return false;
    }
    try (JarFile jar = new JarFile(entry.toFile())) {
      return jar.getEntry(PROCESSOR_SERVICE) != null;
    } catch (IOException e) {
      return false; // not a jar javac could read either
    }
  }
}
