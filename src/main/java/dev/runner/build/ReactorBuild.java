package dev.runner.build;

import dev.runner.project.Module;
import dev.runner.project.ProjectModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Compiles the modules of a Maven reactor, in reactor order, each with its own {@link JavacBuild}
 * ({@link ModuleJavac}). A change compiles the modules whose source roots hold it; when a module's
 * API changed (a class came, went, or changed what another module compiles against: see
 * {@link ClassFileInfo#api}), every module that depends on it compiles fully too. A body-only edit
 * in a library compiles the library alone. The first failure stops the build: later modules would
 * compile against a library that is not there. A module whose last compile failed compiles again
 * on the next build, whatever changed.
 *
 * <p>Not thread-safe: one build at a time, from one thread.
 */
public final class ReactorBuild implements AutoCloseable {
  /** How a build ended: {@code compiled} are the ids of the modules javac ran for, in order. */
  public record Result(boolean ok, List<String> compiled, String output, long millis) {
    public Result {
      compiled = List.copyOf(compiled);
    }

    public BuildStep.Result asStep() {
      return new BuildStep.Result(ok ? 0 : 1, output, millis);
    }
  }

  private record Unit(Module module, List<Path> roots, boolean processors, JavacBuild javac) {}

  /** One module's compile: javac's result, and the build's when that failed (else null). */
  private record Done(JavacBuild.Result javac, Result stop) {}

  private final List<Unit> units = new ArrayList<>();
  private final Set<String> failed = new HashSet<>();
  private final ProjectModel model;
  private final Consumer<String> log;

  /**
   * A compiler for each module that compiles (not {@code pom} packaging).
   *
   * @throws IllegalArgumentException when a module cannot be compiled by this JDK (its message says why)
   */
  public ReactorBuild(ProjectModel model) throws IOException {
    this(model, line -> {});
  }

  /** {@code log} hears, at start-up, which way each module was brought up to date and why. */
  public ReactorBuild(ProjectModel model, Consumer<String> log) throws IOException {
    this.model = model;
    this.log = log;
    try {
      for (Module m : model.modules()) {
        if (m.compiles()) {
          boolean processors = ModuleJavac.runsProcessors(m, Runtime.version().feature());
          List<Path> roots = ModuleJavac.sourceRoots(m, processors).stream().map(JavacBuild::canonical).toList();
          units.add(new Unit(m, roots, processors, ModuleJavac.create(m)));
        }
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Compiles what {@code changedOrDeleted} (any files; only sources under a module's roots count) affects. */
  public Result build(Set<Path> changedOrDeleted) throws IOException {
    long t0 = System.nanoTime();
    Set<Path> changed = changedOrDeleted.stream().map(JavacBuild::canonical).collect(Collectors.toSet());
    Set<String> apiChanged = new HashSet<>();
    List<String> compiled = new ArrayList<>();
    StringBuilder notes = new StringBuilder();
    for (Unit u : units) {
      Set<Path> mine = changed.stream().filter(p -> u.roots().stream().anyMatch(p::startsWith))
          .collect(Collectors.toSet());
      boolean dependencyChanged = u.module().dependsOn().stream().anyMatch(apiChanged::contains);
      if (mine.isEmpty() && !dependencyChanged && !failed.contains(u.module().id())) {
        continue;
      }
      Result stop = compile(u, dependencyChanged || failed.contains(u.module().id()), mine,
          System.currentTimeMillis(), apiChanged, compiled, notes, t0).stop();
      if (stop != null) {
        return stop;
      }
    }
    return new Result(true, compiled, notes.toString().strip(), millisSince(t0));
  }

  /**
   * Brings every module up to date: at start-up, and when the watcher lost track. A module whose
   * stamp shows it compiled from the same sources and settings is left as it is ({@link CompileStamp});
   * in every other one, what is out of date against its output directory compiles ({@link StaleOutput}),
   * or the whole module when that cannot be told.
   */
  public Result buildAll() throws IOException {
    long t0 = System.nanoTime();
    List<String> compiled = new ArrayList<>();
    Set<String> apiChanged = new HashSet<>();
    StringBuilder notes = new StringBuilder();
    OutputFacts.Reactor reactor = reactorFacts();
    for (Unit u : units) {
      Module m = u.module();
      List<Module> deps = units.stream().map(Unit::module).filter(d -> m.dependsOn().contains(d.id())).toList();
      long began = System.currentTimeMillis();
      Result stop;
      if (failed.contains(m.id())) {
        log.accept(m.artifactId() + ": full compile: its last compile failed");
        stop = compile(u, true, Set.of(), began, apiChanged, compiled, notes, t0).stop();
      } else if (CompileStamp.upToDate(m, u.roots(), deps)) {
        u.javac().assumeUpToDate();
        log.accept(m.artifactId() + ": up to date (nothing changed since the runner's last compile)");
        stop = null;
      } else {
        stop = startUp(u, reactor, began, apiChanged, compiled, notes, t0);
      }
      if (stop != null) {
        return stop;
      }
    }
    return new Result(true, compiled, notes.toString().strip(), millisSince(t0));
  }

  /** One module at start-up against what its output directory holds; returns the build's result when it failed. */
  private Result startUp(Unit u, OutputFacts.Reactor reactor, long began, Set<String> apiChanged,
      List<String> compiled, StringBuilder notes, long t0) throws IOException {
    Module m = u.module();
    Optional<String> dependency = m.dependsOn().stream().filter(apiChanged::contains).findFirst()
        .map(d -> "the API of " + d.substring(d.indexOf(':') + 1) + " changed in this compile");
    DependencyIndex index = u.javac().readOutput();
    Set<Path> sources = u.javac().sources();
    StaleOutput.Verdict v = StaleOutput.decide(
        OutputFacts.read(m, u.roots(), sources, index, u.processors(), reactor, dependency));
    index.attributeDeleted(v.deleted());
    u.javac().adopt(index);
    String what;
    Done done = null;
    if (v instanceof StaleOutput.Full f) {
      what = "full compile: " + f.reason();
      done = compile(u, true, Set.of(), began, apiChanged, compiled, notes, t0);
    } else {
      StaleOutput.Partial p = (StaleOutput.Partial) v;
      String output = m.dir().toAbsolutePath().normalize().relativize(m.outputDir().toAbsolutePath().normalize())
          .toString();
      what = (p.deleted().isEmpty() ? "" : p.deleted().size() + " deleted, ") + p.outOfDate().size() + " of "
          + p.sources() + " sources out of date against " + output;
      if (p.outOfDate().isEmpty() && p.deleted().isEmpty()) {
        CompileStamp.write(m, began);
      } else {
        Set<Path> changed = new HashSet<>(p.outOfDate());
        changed.addAll(p.deleted());
        done = compile(u, false, changed, began, apiChanged, compiled, notes, t0);
      }
    }
    JavacBuild.Result r = done == null ? null : done.javac();
    log.accept(m.artifactId() + ": " + what + (r == null ? ""
        : v instanceof StaleOutput.Partial && r.full() ? " (compiled all " + r.filesCompiled()
            + (u.processors() ? ": annotation processors run" : "") + ")"
        : " (compiled " + r.filesCompiled() + ")") + (r == null || r.ok() ? "" : ": failed"));
    return done == null ? null : done.stop();
  }

  /** The times and files every module's check needs, read before anything compiles. */
  private OutputFacts.Reactor reactorFacts() throws IOException {
    Map<Path, Long> classDirs = new HashMap<>();
    for (Unit u : units) {
      classDirs.put(JavacBuild.canonical(u.module().outputDir()), OutputFacts.newest(u.module().outputDir()));
    }
    return new OutputFacts.Reactor(model.root(), List.copyOf(model.poms().keySet()), model.javaHome(), classDirs);
  }

  /** One module: javac's result, with the build's result when it failed. */
  private Done compile(Unit u, boolean full, Set<Path> changed, long began, Set<String> apiChanged,
      List<String> compiled, StringBuilder notes, long t0) throws IOException {
    Module m = u.module();
    JavacBuild.Result r;
    try {
      r = full ? u.javac().compileAll() : u.javac().compile(changed);
    } catch (IOException | RuntimeException e) {
      failed.add(m.id());
      CompileStamp.clear(m);
      throw e;
    }
    if (r.filesCompiled() > 0 || !r.ok()) {
      compiled.add(m.id());
    }
    if (!r.ok()) {
      failed.add(m.id());
      CompileStamp.clear(m);
      return new Done(r, new Result(false, compiled, "compiling " + m.id() + " failed:\n"
          + String.join("\n", r.diagnostics()), millisSince(t0)));
    }
    failed.remove(m.id());
    CompileStamp.write(m, began);
    if (r.apiChanged()) {
      apiChanged.add(m.id());
    }
    if (!r.diagnostics().isEmpty()) {
      notes.append(m.id()).append(":\n").append(String.join("\n", r.diagnostics())).append('\n');
    }
    return new Done(r, null);
  }

  /** Ids of the modules this build compiles, in order. */
  public List<String> modules() {
    return units.stream().map(u -> u.module().id()).toList();
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (Unit u : units) {
      try {
        u.javac().close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static long millisSince(long t0) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
  }
}
