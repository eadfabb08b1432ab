package dev.runner.mojo;

import dev.runner.project.CompilerSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.DependencyManagement;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.ArtifactType;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;

/**
 * What maven-compiler-plugin's {@code compile} goal would run javac with, read from that goal's
 * configuration as Maven set it up for the module (the pom, pluginManagement and the plugin's own
 * parameter defaults such as {@code ${maven.compiler.release}}, all merged and evaluated).
 */
final class Compilers {
  /** Everything javac needs that is not a class path. */
  record Javac(CompilerSettings settings, Optional<List<Path>> processorPath, Path generatedSources) {}

  private final RepositorySystem repositories;
  private final MavenSession session;

  Compilers(RepositorySystem repositories, MavenSession session) {
    this.repositories = repositories;
    this.session = session;
  }

  /**
   * @param compile the {@code compile} goal's configuration, empty when the module's lifecycle has
   *     none (a {@code pom} module): then javac's and Maven's defaults
   */
  Javac javac(MavenProject project, Optional<MojoConfig> compile) throws DependencyResolutionException {
    Path defaultGenerated = Path.of(project.getBuild().getDirectory(), "generated-sources", "annotations");
    if (compile.isEmpty()) {
      CompilerSettings none = new CompilerSettings(Optional.empty(), Optional.empty(), Optional.empty(), false,
          Optional.empty(), List.of(), Optional.empty(), List.of(), true);
      return new Javac(none, Optional.empty(), defaultGenerated);
    }
    MojoConfig c = compile.get();
    List<String> args = new ArrayList<>(c.list("compilerArgs"));
    c.string("compilerArgument").ifPresent(args::add);
    CompilerSettings settings = new CompilerSettings(c.string("release"), c.string("source"), c.string("target"),
        c.flag("parameters", false), c.string("encoding"), args, c.string("proc"), c.list("annotationProcessors"),
        c.flag("debug", true));
    Path generated = c.string("generatedSourcesDirectory").map(s -> absolute(project, s)).orElse(defaultGenerated);
    return new Javac(settings, processorPath(project, c), generated);
  }

  private static Path absolute(MavenProject project, String path) {
    return project.getBasedir().toPath().resolve(path).toAbsolutePath().normalize();
  }

  /**
   * {@code annotationProcessorPaths} resolved with their transitive dependencies, as the compiler
   * plugin resolves them; a missing version comes from the project's dependencyManagement.
   */
  private Optional<List<Path>> processorPath(MavenProject project, MojoConfig c)
      throws DependencyResolutionException {
    List<MojoConfig> paths = c.child("annotationProcessorPaths").map(MojoConfig::children).orElse(List.of());
    if (paths.isEmpty()) {
      return Optional.empty();
    }
    CollectRequest collect = new CollectRequest();
    collect.setRepositories(project.getRemoteProjectRepositories());
    for (MojoConfig p : paths) {
      String groupId = p.string("groupId").orElseThrow(() -> missing(project, "groupId"));
      String artifactId = p.string("artifactId").orElseThrow(() -> missing(project, "artifactId"));
      String type = p.string("type").orElse("jar");
      String classifier = p.string("classifier").orElse("");
      String version = p.string("version").or(() -> managedVersion(project, groupId, artifactId, type, classifier))
          .orElseThrow(() -> new IllegalArgumentException(project.getFile() + ": annotationProcessorPaths entry "
              + groupId + ":" + artifactId + " has no version, and dependencyManagement has none either"));
      ArtifactType stereotype = session.getRepositorySession().getArtifactTypeRegistry().get(type);
      DefaultArtifact artifact = stereotype == null
          ? new DefaultArtifact(groupId, artifactId, classifier, type, version)
          : new DefaultArtifact(groupId, artifactId, classifier.isEmpty() ? stereotype.getClassifier() : classifier,
              stereotype.getExtension(), version, stereotype);
      List<Exclusion> exclusions = new ArrayList<>();
      for (MojoConfig e : p.child("exclusions").map(MojoConfig::children).orElse(List.of())) {
        exclusions.add(new Exclusion(e.string("groupId").orElse("*"), e.string("artifactId").orElse("*"), "*", "*"));
      }
      collect.addDependency(new Dependency(artifact, "runtime", false, exclusions));
    }
    if (c.flag("annotationProcessorPathsUseDepMgmt", false)) {
      // the compiler plugin (3.12+) then aligns the processors' transitive versions with the
      // project's dependencyManagement (Micronaut's parent sets it: without it an older
      // micronaut-core from a processor's own pom wins, and the processor fails to load)
      collect.setManagedDependencies(managed(project));
    }
    List<Path> out = new ArrayList<>();
    for (ArtifactResult r : repositories.resolveDependencies(session.getRepositorySession(),
        new DependencyRequest(collect, null)).getArtifactResults()) {
      Path file = r.getArtifact().getFile().toPath().toAbsolutePath();
      if (!out.contains(file)) {
        out.add(file);
      }
    }
    return Optional.of(out);
  }

  /** The project's dependencyManagement as the resolver takes it. */
  private List<Dependency> managed(MavenProject project) {
    DependencyManagement dm = project.getDependencyManagement();
    if (dm == null) {
      return List.of();
    }
    List<Dependency> out = new ArrayList<>();
    for (org.apache.maven.model.Dependency d : dm.getDependencies()) {
      ArtifactType stereotype = session.getRepositorySession().getArtifactTypeRegistry().get(d.getType());
      String classifier = d.getClassifier() == null ? "" : d.getClassifier();
      DefaultArtifact artifact = stereotype == null
          ? new DefaultArtifact(d.getGroupId(), d.getArtifactId(), classifier, d.getType(), d.getVersion())
          : new DefaultArtifact(d.getGroupId(), d.getArtifactId(),
              classifier.isEmpty() ? stereotype.getClassifier() : classifier, stereotype.getExtension(), d.getVersion(),
              stereotype);
      List<Exclusion> exclusions = d.getExclusions().stream()
          .map(e -> new Exclusion(e.getGroupId(), e.getArtifactId(), "*", "*")).toList();
      out.add(new Dependency(artifact, d.getScope(), d.isOptional(), exclusions));
    }
    return out;
  }

  private static IllegalArgumentException missing(MavenProject project, String what) {
    return new IllegalArgumentException(project.getFile() + ": an annotationProcessorPaths entry has no " + what);
  }

  private static Optional<String> managedVersion(MavenProject project, String groupId, String artifactId,
      String type, String classifier) {
    DependencyManagement dm = project.getDependencyManagement();
    if (dm == null) {
      return Optional.empty();
    }
    return dm.getDependencies().stream()
        .filter(d -> d.getGroupId().equals(groupId) && d.getArtifactId().equals(artifactId)
            && d.getType().equals(type) && (d.getClassifier() == null ? "" : d.getClassifier()).equals(classifier))
        .map(org.apache.maven.model.Dependency::getVersion).findFirst();
  }
}
