package dev.runner.mojo;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.DefaultDependencyResolutionRequest;
import org.apache.maven.project.DependencyResolutionException;
import org.apache.maven.project.DependencyResolutionResult;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.ProjectDependenciesResolver;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.DependencyFilter;
import org.eclipse.aether.graph.DependencyNode;
import org.eclipse.aether.util.graph.transformer.ConflictResolver;

/**
 * One module's class paths from the dependency graph Maven's resolver builds for it, without
 * building or installing reactor siblings: a sibling is collected like any dependency (its pom comes
 * from the reactor, so its own dependencies are part of the graph) but never resolved as a jar; it
 * stands on the class path as its output directory, where the runner compiles it.
 *
 * <p>Test-scope dependencies are not even resolved: neither class path has them.
 */
final class Dependencies {
  /** What one module needs: its class paths and the reactor modules it depends on. */
  record Paths(List<Path> compile, List<Path> runtime, List<String> reactorIds) {}

  private final ProjectDependenciesResolver resolver;
  private final MavenSession session;
  /** {@code groupId:artifactId:version} of every reactor project. */
  private final Map<String, MavenProject> reactor;

  Dependencies(ProjectDependenciesResolver resolver, MavenSession session) {
    this.resolver = resolver;
    this.session = session;
    this.reactor = new HashMap<>();
    for (MavenProject p : session.getProjects()) {
      reactor.put(p.getGroupId() + ":" + p.getArtifactId() + ":" + p.getVersion(), p);
    }
  }

  /** @throws DependencyResolutionException with Maven's own message (the missing artifact...) */
  Paths resolve(MavenProject project) throws DependencyResolutionException {
    DependencyFilter notTestNorReactor = (node, parents) -> node.getDependency() == null
        || !"test".equals(node.getDependency().getScope()) && sibling(node.getArtifact()) == null;
    DefaultDependencyResolutionRequest request =
        new DefaultDependencyResolutionRequest(project, session.getRepositorySession());
    request.setResolutionFilter(notTestNorReactor);
    DependencyResolutionResult result = resolver.resolve(request);
    Set<Path> compile = new LinkedHashSet<>();
    Set<Path> runtime = new LinkedHashSet<>();
    Set<String> reactorIds = new LinkedHashSet<>();
    Path own = Path.of(project.getBuild().getOutputDirectory());
    preorder(result.getDependencyGraph(), node -> {
      Dependency d = node.getDependency();
      if (d == null || "test".equals(d.getScope())) {
        return;
      }
      MavenProject sibling = sibling(node.getArtifact());
      Path entry;
      if (sibling != null) {
        entry = Path.of(sibling.getBuild().getOutputDirectory());
        reactorIds.add(sibling.getGroupId() + ":" + sibling.getArtifactId());
      } else {
        File f = node.getArtifact().getFile();
        if (f == null) {
          return;
        }
        entry = f.toPath().toAbsolutePath();
      }
      if (entry.equals(own)) {
        return;
      }
      switch (d.getScope()) {
        case "compile" -> {
          compile.add(entry);
          runtime.add(entry);
        }
        case "provided", "system" -> compile.add(entry);
        case "runtime" -> runtime.add(entry);
        default -> { } // a scope Maven's class paths do not know (e.g. "import")
      }
    });
    List<String> ordered = new ArrayList<>();
    for (MavenProject p : session.getProjects()) { // reactor order, as the rest of the model
      String id = p.getGroupId() + ":" + p.getArtifactId();
      if (reactorIds.contains(id)) {
        ordered.add(id);
      }
    }
    return new Paths(List.copyOf(compile), List.copyOf(runtime), ordered);
  }

  private MavenProject sibling(Artifact a) {
    return a == null ? null : reactor.get(a.getGroupId() + ":" + a.getArtifactId() + ":" + a.getBaseVersion());
  }

  /**
   * Depth first, parents before children: Maven's class path order. At {@code -X} Maven keeps the
   * losers of version conflicts in the graph (for its log); they are skipped, as Maven's own class
   * path skips them.
   */
  private static void preorder(DependencyNode node, Consumer<DependencyNode> visit) {
    if (node.getData().get(ConflictResolver.NODE_DATA_WINNER) != null) {
      return;
    }
    visit.accept(node);
    for (DependencyNode child : node.getChildren()) {
      preorder(child, visit);
    }
  }
}
