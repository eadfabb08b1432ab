package dev.runner.build;

import dev.runner.project.Module;
import dev.runner.project.ProjectModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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

  private record Unit(Module module, List<Path> roots, JavacBuild javac) {}

  private final List<Unit> units = new ArrayList<>();
  private final Set<String> failed = new HashSet<>();

  /**
   * A compiler for each module that compiles (not {@code pom} packaging).
   *
   * @throws IllegalArgumentException when a module cannot be compiled by this JDK (its message says why)
   */
  public ReactorBuild(ProjectModel model) throws IOException {
    try {
      for (Module m : model.modules()) {
        if (m.compiles()) {
          boolean processors = ModuleJavac.runsProcessors(m, Runtime.version().feature());
          List<Path> roots = ModuleJavac.sourceRoots(m, processors).stream().map(JavacBuild::canonical).toList();
          units.add(new Unit(m, roots, ModuleJavac.create(m)));
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
      Result stop = compile(u, dependencyChanged || failed.contains(u.module().id()), mine, apiChanged, compiled,
          notes, t0);
      if (stop != null) {
        return stop;
      }
    }
    return new Result(true, compiled, notes.toString().strip(), millisSince(t0));
  }

  /**
   * Brings every module up to date: at start-up, and when the watcher lost track. A module whose
   * stamp shows it compiled from the same sources and settings is left as it is ({@link CompileStamp});
   * every other one compiles fully, in order.
   */
  public Result buildAll() throws IOException {
    long t0 = System.nanoTime();
    List<String> compiled = new ArrayList<>();
    Set<String> apiChanged = new HashSet<>();
    StringBuilder notes = new StringBuilder();
    for (Unit u : units) {
      List<Module> deps = units.stream().map(Unit::module)
          .filter(d -> u.module().dependsOn().contains(d.id())).toList();
      if (!failed.contains(u.module().id()) && CompileStamp.upToDate(u.module(), u.roots(), deps)) {
        u.javac().assumeUpToDate();
        continue;
      }
      Result stop = compile(u, true, Set.of(), apiChanged, compiled, notes, t0);
      if (stop != null) {
        return stop;
      }
    }
    return new Result(true, compiled, notes.toString().strip(), millisSince(t0));
  }

  /** One module; returns the build's result when it failed, else null. */
  private Result compile(Unit u, boolean full, Set<Path> changed, Set<String> apiChanged, List<String> compiled,
      StringBuilder notes, long t0) throws IOException {
    Module m = u.module();
    long began = System.currentTimeMillis();
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
      return new Result(false, compiled, "compiling " + m.id() + " failed:\n" + String.join("\n", r.diagnostics()),
          millisSince(t0));
    }
    failed.remove(m.id());
    CompileStamp.write(m, began);
    if (r.apiChanged()) {
      apiChanged.add(m.id());
    }
    if (!r.diagnostics().isEmpty()) {
      notes.append(m.id()).append(":\n").append(String.join("\n", r.diagnostics())).append('\n');
    }
    return null;
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
