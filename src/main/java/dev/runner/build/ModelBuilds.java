package dev.runner.build;

import dev.runner.project.Module;
import dev.runner.project.ProjectModel;
import dev.runner.watch.ChangeSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@link Builds} for a Maven project's model: every module's copied resources ({@link ResourceSync})
 * and the reactor's compile ({@link ReactorBuild}), on one named thread that lives as long as the
 * runner (javac's code stays hot). {@code everything} (start-up, watcher lost track) copies every
 * resource and brings every module up to date; otherwise only what the changed paths touch.
 */
public final class ModelBuilds implements Builds {
  private ReactorBuild reactor; // only touched on the javac thread after construction
  // replaced whole on the javac thread, read by the loop (needs): never changed in place
  private volatile List<ResourceSync> resources;
  private final Listener listener;
  private final Consumer<String> log;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "javac");
    t.setDaemon(true);
    return t;
  });

  private ModelBuilds(ReactorBuild reactor, List<ResourceSync> resources, Listener listener, Consumer<String> log) {
    this.reactor = reactor;
    this.resources = List.copyOf(resources);
    this.listener = listener;
    this.log = log;
  }

  /**
   * Compile and resources for every module of {@code model}.
   *
   * @throws IllegalArgumentException when a module cannot be compiled by this JDK (its message says why)
   */
  public static ModelBuilds of(ProjectModel model, Listener listener) throws IOException {
    return of(model, listener, line -> {});
  }

  /** {@code log} hears, when everything is built, which way each module was brought up to date and why. */
  public static ModelBuilds of(ProjectModel model, Listener listener, Consumer<String> log) throws IOException {
    List<ResourceSync> syncs = new ArrayList<>();
    for (Module m : model.modules()) {
      ResourceSync s = new ResourceSync(m, Optional.empty());
      if (s.copies()) {
        syncs.add(s);
      }
    }
    return new ModelBuilds(new ReactorBuild(model, log), syncs, listener, log);
  }

  /**
   * Builds for another model from the next build on (a pom changed). The new compiler is made on
   * the caller's thread, so a model this JDK cannot compile throws here and the old one stays.
   */
  public void replace(ProjectModel model) throws IOException {
    ModelBuilds next = of(model, listener, log);
    thread.execute(() -> {
      try {
        reactor.close();
      } catch (IOException e) {
        // the old one is dropped either way
      }
      reactor = next.reactor;
      resources = next.resources;
    });
    next.thread.shutdown();
  }

  /** A file in a resource directory that is copied (not on the class path as it is) needs this build to copy it. */
  @Override
  public boolean needs(Path changed) {
    return resources.stream().anyMatch(r -> r.copiesFrom(changed));
  }

  /**
   * The resource directories whose files are copied, and the output directories they are copied
   * to: below both, what the app reads is the fresh copy.
   */
  public List<Path> copiedRoots() {
    return resources.stream().flatMap(r -> Stream.concat(r.copiedRoots().stream(), Stream.of(r.outputDir())))
        .distinct().toList();
  }

  @Override
  public String command() {
    return "javac (in-process, " + reactor.modules().size() + " module" + (reactor.modules().size() == 1 ? "" : "s")
        + ")";
  }

  @Override
  public void start(long id, ChangeSet changes) {
    thread.execute(() -> listener.finished(id, buildNow(changes)));
  }

  /** The build itself, on the caller's thread (tests, and the start above). */
  BuildStep.Result buildNow(ChangeSet changes) {
    long t0 = System.nanoTime();
    try {
      for (ResourceSync s : resources) {
        if (changes.everything()) {
          s.syncAll();
        } else {
          s.sync(changes.paths());
        }
      }
      return (changes.everything() ? reactor.buildAll() : reactor.build(changes.paths())).asStep();
    } catch (IOException | RuntimeException e) {
      return new BuildStep.Result(1, "javac failed: " + e, (System.nanoTime() - t0) / 1_000_000);
    }
  }

  @Override
  public void cancel() {
    // a compile is short and bounded; its result is simply ignored once the loop has ended
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      reactor.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
