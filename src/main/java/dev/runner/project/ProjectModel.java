package dev.runner.project;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A user's Maven project, described once, as Maven itself resolved it (effective POM, resolved
 * dependencies, plugin configuration with properties interpolated). Maven produces it (the
 * plugin's {@code model} goal); the runner only reads it, and never parses a pom.
 *
 * @param format the file format's version ({@link ModelJson#FORMAT})
 * @param root the directory Maven ran in (the reactor root, or the single module)
 * @param poms every pom file of the reactor with the SHA-256 of its content: the cache key
 * @param javaHome the JDK the project builds with (toolchain, else the JDK Maven ran on)
 * @param modules every module of the reactor, in reactor (build) order
 */
public record ProjectModel(int format, Path root, Map<Path, String> poms, Path javaHome, List<Module> modules) {
  public ProjectModel {
    poms = Map.copyOf(poms);
    modules = List.copyOf(modules);
    if (modules.isEmpty()) {
      throw new IllegalArgumentException("a project has at least one module");
    }
  }

  public Optional<Module> module(String idOrArtifactId) {
    return modules.stream()
        .filter(m -> m.id().equals(idOrArtifactId) || m.artifactId().equals(idOrArtifactId)).findFirst();
  }
}
