package dev.runner.project;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the runner runs from a project model: which module is the app, its main class (found the
 * way the frameworks find it), and the child command. The order for the main class: what the user
 * said ({@code --main}), what the build names (exec-maven-plugin, spring-boot-maven-plugin or
 * {@code start-class}, a jar or shade manifest; the plugin reads those), else the one class of the
 * app module with a main method (or the one {@code @SpringBootApplication} among several).
 *
 * @param model the whole project
 * @param app the module that is run
 * @param mainClass the class that is run
 * @param mainFrom where the main class came from, for the banner
 * @param choice what the user said, kept to choose again from the next model
 */
public record MavenApp(ProjectModel model, Module app, String mainClass, String mainFrom, Choice choice) {
  /**
   * What the user said about the app.
   *
   * @param module {@code --module}, when given
   * @param main {@code --main}, when given
   * @param jvmArgs {@code --jvm-arg}s, after the build's own
   * @param appArgs program arguments; when empty, the build's are used
   */
  public record Choice(Optional<String> module, Optional<String> main, List<String> jvmArgs, List<String> appArgs) {
    public Choice {
      jvmArgs = List.copyOf(jvmArgs);
      appArgs = List.copyOf(appArgs);
    }
  }

  /** The build's JVM options for the app, then the user's. */
  public List<String> jvmArgs() {
    List<String> all = new ArrayList<>(app.jvmArgs());
    all.addAll(choice.jvmArgs());
    return all;
  }

  /** The user's program arguments when given, else the build's. */
  public List<String> appArgs() {
    return choice.appArgs().isEmpty() ? app.appArgs() : choice.appArgs();
  }

  /** The same choice made again from a newer model of the same project (a pom changed). */
  public MavenApp again(ProjectModel next) throws IOException {
    return choose(next, new Choice(Optional.of(app.id()), choice.main(), choice.jvmArgs(), choice.appArgs()));
  }

  /**
   * @throws IllegalArgumentException with a message for the user naming the candidates
   */
  public static MavenApp choose(ProjectModel model, Choice choice) throws IOException {
    Optional<String> module = choice.module();
    Optional<String> main = choice.main();
    List<Module> runnable = model.modules().stream().filter(Module::compiles).toList();
    Module app;
    String mainClass;
    String from;
    if (module.isPresent()) {
      app = model.module(module.get()).orElseThrow(() -> new IllegalArgumentException("no module '" + module.get()
          + "' in " + model.root() + "; its modules: " + names(model.modules())));
    } else if (runnable.size() == 1) {
      app = runnable.get(0);
    } else if (runnable.isEmpty()) {
      throw new IllegalArgumentException(model.root() + " has no module with sources to run (packaging pom only)");
    } else {
      app = null;
    }
    // each module's sources are read for main methods at most once
    Map<Module, List<MainClassFinder.Candidate>> scanned = new HashMap<>();
    if (app == null) { // a reactor: the module with a main class is the app
      List<String> found = new ArrayList<>();
      List<Module> withMain = new ArrayList<>();
      for (Module m : runnable) {
        if (main.isPresent() ? hasClass(m, main.get()) : m.mainClass().isPresent()
            || MainClassFinder.single(candidates(m, scanned)).isPresent()) {
          withMain.add(m);
          found.add(m.artifactId() + m.mainClass().map(c -> " (" + c + ")").orElse(""));
        }
      }
      if (withMain.size() != 1) {
        throw new IllegalArgumentException((withMain.isEmpty()
            ? "no module of the reactor " + model.root() + " has " + main.map(c -> "the class " + c).orElse("a main class")
            : "several modules have a main class: " + String.join(", ", found))
            + "; pick the app with --module NAME (modules: " + names(runnable) + ")");
      }
      app = withMain.get(0);
    }
    if (main.isPresent()) {
      mainClass = main.get();
      from = "--main";
    } else if (app.mainClass().isPresent()) {
      mainClass = app.mainClass().get();
      from = app.mainClassFrom();
    } else {
      List<MainClassFinder.Candidate> candidates = candidates(app, scanned);
      Optional<MainClassFinder.Candidate> one = MainClassFinder.single(candidates);
      if (one.isEmpty()) {
        throw new IllegalArgumentException(candidates.isEmpty()
            ? "no main class in " + app.artifactId() + ": no class there has 'public static void main', and the build"
                + " names none (exec-maven-plugin mainClass, exec.mainClass, spring-boot-maven-plugin mainClass,"
                + " start-class, a jar or shade manifest); pass --main com.example.Main"
            : "several main classes in " + app.artifactId() + ": " + candidates.stream().map(MainClassFinder.Candidate::className)
                .collect(Collectors.joining(", ")) + "; pick one with --main CLASS (or name it in the build)");
      }
      mainClass = one.get().className();
      from = one.get().boot() && candidates.size() > 1 ? "the @SpringBootApplication class" : "the only main method";
    }
    return new MavenApp(model, app, mainClass, from, choice);
  }

  private static List<MainClassFinder.Candidate> candidates(Module m, Map<Module, List<MainClassFinder.Candidate>> scanned)
      throws IOException {
    List<MainClassFinder.Candidate> c = scanned.get(m);
    if (c == null) {
      c = MainClassFinder.candidates(m.sourceRoots());
      scanned.put(m, c);
    }
    return c;
  }

  private static boolean hasClass(Module m, String className) {
    String rel = className.replace('.', '/') + ".java";
    return m.sourceRoots().stream().anyMatch(r -> Files.isRegularFile(r.resolve(rel)));
  }

  private static String names(List<Module> modules) {
    return modules.stream().map(Module::artifactId).collect(Collectors.joining(", "));
  }

  /**
   * The app's run-time class path: each module's plain resource directories ahead of its classes
   * (an edited resource is used without a copy step, and a stale copy never wins), the app's
   * classes, then its dependencies in Maven's order, a sibling module as its own resources and
   * classes.
   */
  public List<Path> classpath() {
    List<Path> cp = new ArrayList<>();
    addModule(cp, app);
    for (Path p : app.runtimeClasspath()) {
      Optional<Module> sibling = model.modules().stream().filter(m -> m.outputDir().equals(p)).findFirst();
      if (sibling.isPresent()) {
        addModule(cp, sibling.get());
      } else {
        cp.add(p);
      }
    }
    return cp;
  }

  private static void addModule(List<Path> cp, Module m) {
    for (ResourceRoot r : m.resources()) {
      if (plainOnly(m, r.directory()) && !cp.contains(r.directory())) {
        cp.add(r.directory());
      }
    }
    cp.add(m.outputDir());
  }

  /** A directory every one of whose resource entries is plain can go on the class path as it is. */
  static boolean plainOnly(Module m, Path dir) {
    return m.resources().stream().filter(r -> r.directory().equals(dir)).allMatch(ResourceRoot::plain);
  }

  /** {@code java [JVM options] -cp CLASSPATH MAIN [ARGS]} with the project's JDK. */
  public List<String> command() {
    List<String> argv = new ArrayList<>();
    argv.add(model.javaHome().resolve("bin/java").toString());
    List<String> jvmArgs = jvmArgs();
    if (jvmArgs.stream().noneMatch(a -> a.startsWith("-XX:TieredStopAtLevel") || a.startsWith("-XX:-TieredCompilation"))) {
      argv.add("-XX:TieredStopAtLevel=1"); // a dev loop starts far more often than it runs hot
    }
    argv.addAll(jvmArgs);
    argv.add("-cp");
    argv.add(classpath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
    argv.add(mainClass);
    argv.addAll(appArgs());
    return argv;
  }

  /**
   * Directories whose changes count: every module's sources and resources and its classes (an IDE
   * compiling into them). Generated sources are not watched: the compiler writes them.
   */
  public List<Path> watched() {
    List<Path> dirs = new ArrayList<>();
    for (Module m : model.modules()) {
      if (!m.compiles()) {
        continue;
      }
      Path target = m.outputDir().getParent();
      for (Path s : m.sourceRoots()) {
        if (!s.startsWith(m.generatedSources()) && (target == null || !s.startsWith(target))) {
          dirs.add(s);
        }
      }
      m.resources().stream().map(ResourceRoot::directory).distinct().forEach(dirs::add);
      dirs.add(m.outputDir());
    }
    return dirs.stream().distinct().toList();
  }
}
