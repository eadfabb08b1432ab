package dev.runner.build;

import dev.runner.build.StaleOutput.ClassOutput;
import dev.runner.build.StaleOutput.Facts;
import dev.runner.project.Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads what {@link StaleOutput} decides on, for one module, from the disk: the times of its
 * sources, source directories and class files, of what it compiles against (jars, processor jars,
 * poms, siblings' classes), Maven's list of the sources it compiled, and whether the runner's last
 * compile had other settings ({@link CompileStamp}).
 */
final class OutputFacts {
  /** Where maven-compiler-plugin (3.x) lists the sources of its last compile, below {@code target}. */
  static final String MAVEN_SOURCES = "maven-status/maven-compiler-plugin/compile/default-compile/inputFiles.lst";

  /**
   * What holds for every module of one start-up: {@code base} names files in messages;
   * {@code poms} are the reactor's; {@code javaHome} is the JDK Maven builds with;
   * {@code classDirs} the time of the newest file in each module's output directory before this
   * start-up compiled anything.
   */
  record Reactor(Path base, List<Path> poms, Path javaHome, Map<Path, Long> classDirs) {
    Reactor {
      poms = List.copyOf(poms);
      classDirs = Map.copyOf(classDirs);
    }
  }

  private OutputFacts() {}

  static Facts read(Module m, List<Path> roots, Set<Path> sources, DependencyIndex index, boolean processors,
      Reactor reactor, Optional<String> knownReason) throws IOException {
    Path out = JavacBuild.canonical(m.outputDir());
    List<ClassOutput> classes = new ArrayList<>();
    for (DependencyIndex.Entry e : index.entries()) {
      classes.add(new ClassOutput(e.classFile(), sourcePath(e.info()), e.source(), millis(e.classFile())));
    }
    Map<Path, Long> sourceTimes = new HashMap<>();
    for (Path s : sources) {
      sourceTimes.put(s, millis(s));
    }
    Map<String, Long> inputs = new HashMap<>();
    for (Path p : m.compileClasspath()) {
      input(p, reactor, inputs);
    }
    for (Path p : m.processorPath().orElse(List.of())) {
      input(p, reactor, inputs);
    }
    for (Path pom : reactor.poms()) {
      input(pom, reactor, inputs);
    }
    Map<String, Long> dirs = new HashMap<>();
    for (Path root : roots) {
      if (Files.isDirectory(root)) {
        try (Stream<Path> all = Files.walk(root)) {
          for (Path d : all.filter(Files::isDirectory).toList()) {
            dirs.put(name(d, reactor), millis(d));
          }
        }
      }
    }
    Optional<String> reason = knownReason.isPresent() ? knownReason : settingsChanged(m, reactor);
    Path stamp = CompileStamp.file(m);
    long vouched = reason.isEmpty() && Files.isRegularFile(stamp) ? millis(stamp) : Long.MIN_VALUE;
    return new Facts(out, JavacBuild.canonical(m.dir()).relativize(out).toString(), roots, sourceTimes, classes,
        inputs, mavenSources(out), dirs, processors, reason, vouched);
  }

  /** {@code com/acme/App.java}: where the source of {@code info} is, below a source root. */
  static String sourcePath(ClassFileInfo info) {
    return info.packagePath().isEmpty() ? info.sourceFileName() : info.packagePath() + "/" + info.sourceFileName();
  }

  private static void input(Path p, Reactor reactor, Map<String, Long> inputs) throws IOException {
    Path abs = p.toAbsolutePath().normalize();
    if (Files.isRegularFile(abs)) { // a jar by its name; two of one name: the newer speaks
      String name = abs.getFileName().toString().endsWith(".jar") ? abs.getFileName().toString() : name(abs, reactor);
      inputs.merge(name, millis(abs), Math::max);
    } else if (Files.isDirectory(abs)) {
      Long known = reactor.classDirs().get(JavacBuild.canonical(abs));
      inputs.merge(name(abs, reactor), known != null ? known : newest(abs), Math::max);
    }
  }

  /** The newest file below {@code dir} (0 when it has none). */
  static long newest(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      long max = 0;
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        max = Math.max(max, millis(f));
      }
      return max;
    }
  }

  /** The sources maven-compiler-plugin last compiled, when it left their list next to {@code out}. */
  private static Optional<Set<Path>> mavenSources(Path out) throws IOException {
    Path list = out.getParent().resolve(MAVEN_SOURCES);
    if (!Files.isRegularFile(list)) {
      return Optional.empty();
    }
    return Optional.of(Files.readAllLines(list).stream().map(String::strip).filter(l -> !l.isEmpty())
        .map(l -> JavacBuild.canonical(Path.of(l))).collect(Collectors.toSet()));
  }

  /**
   * Why class files written by another JDK, or with other settings than the runner's last compile,
   * cannot be mixed with what the runner compiles now; empty when they can.
   */
  private static Optional<String> settingsChanged(Module m, Reactor reactor) throws IOException {
    Path stamp = CompileStamp.file(m);
    if (Files.isRegularFile(stamp) && !Files.readString(stamp).equals(CompileStamp.settings(m))) {
      return Optional.of("other compiler settings than the runner's last compile (" + name(stamp, reactor) + ")");
    }
    Path runner = JavacBuild.canonical(Path.of(System.getProperty("java.home")));
    if (m.compiler().release().isEmpty() && !JavacBuild.canonical(reactor.javaHome()).equals(runner)) {
      return Optional.of("Maven builds with " + reactor.javaHome() + ", the runner with " + runner
          + ", and no --release makes their class files agree");
    }
    return Optional.empty();
  }

  private static String name(Path p, Reactor reactor) {
    Path base = JavacBuild.canonical(reactor.base());
    Path c = JavacBuild.canonical(p);
    return c.startsWith(base) && !c.equals(base) ? base.relativize(c).toString() : c.toString();
  }

  private static long millis(Path p) throws IOException {
    return Files.getLastModifiedTime(p).toMillis();
  }
}
