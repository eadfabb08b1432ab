package dev.runner.mojo;

import dev.runner.project.Module;
import dev.runner.project.ModelJson;
import dev.runner.project.ProjectModel;
import dev.runner.project.ResourceRoot;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.lifecycle.LifecycleExecutor;
import org.apache.maven.lifecycle.MavenExecutionPlan;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.PluginParameterExpressionEvaluator;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.project.DependencyResolutionException;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.ProjectDependenciesResolver;
import org.apache.maven.toolchain.Toolchain;
import org.apache.maven.toolchain.ToolchainManager;
import org.eclipse.aether.RepositorySystem;

/**
 * From the Maven session to a {@link ProjectModel}: one {@link Module} per reactor project, in
 * reactor order. For each, Maven computes the execution plan of {@code mvn compile} (without
 * running it): its maven-compiler-plugin and maven-resources-plugin executions carry the
 * configuration those goals would get, which is what the runner's compiler and resource copy must
 * honour.
 */
final class ModelBuilder {
  /** The components of Maven the model is taken from. */
  record Maven(LifecycleExecutor lifecycle, ProjectDependenciesResolver dependencies, RepositorySystem repositories,
      ToolchainManager toolchains) {}

  private final MavenSession session;
  private final Maven maven;

  ModelBuilder(MavenSession session, Maven maven) {
    this.session = session;
    this.maven = maven;
  }

  ProjectModel build() throws MojoExecutionException {
    MavenProject before = session.getCurrentProject();
    try {
      Dependencies dependencies = new Dependencies(maven.dependencies(), session);
      Compilers compilers = new Compilers(maven.repositories(), session);
      List<Module> modules = new ArrayList<>();
      for (MavenProject p : session.getProjects()) {
        session.setCurrentProject(p);
        modules.add(module(p, dependencies, compilers));
      }
      session.setCurrentProject(session.getTopLevelProject());
      return new ProjectModel(ModelJson.FORMAT, Path.of(session.getExecutionRootDirectory()).toAbsolutePath(),
          poms(), javaHome(), modules);
    } finally {
      session.setCurrentProject(before);
    }
  }

  private Module module(MavenProject p, Dependencies dependencies, Compilers compilers)
      throws MojoExecutionException {
    try {
      MavenExecutionPlan plan = maven.lifecycle().calculateExecutionPlan(session, "compile");
      Optional<MojoConfig> compile = goal(plan, "maven-compiler-plugin", "compile", "default-compile");
      Optional<MojoConfig> resources = goal(plan, "maven-resources-plugin", "resources", "default-resources");
      MojoConfig evaluator = new MojoConfig(null, evaluator(new MojoExecution(new MojoDescriptor())));
      Dependencies.Paths paths = dependencies.resolve(p);
      Compilers.Javac javac = compilers.javac(p, compile);
      List<ResourceRoot> roots = resources(p);
      Filters.Filtering filtering = Filters.of(p, roots, resources, resources.orElse(evaluator));
      MainClasses.Found main = MainClasses.of(p,
          d -> new MojoConfig(d, evaluator(new MojoExecution(new MojoDescriptor()))), evaluator);
      Path dir = p.getBasedir().toPath().toAbsolutePath();
      List<Path> sourceRoots = p.getCompileSourceRoots().stream().map(s -> dir.resolve(s).normalize()).toList();
      return new Module(p.getGroupId() + ":" + p.getArtifactId(), dir, p.getPackaging(), sourceRoots,
          javac.generatedSources(), roots, dir.resolve(p.getBuild().getOutputDirectory()).normalize(),
          paths.compile(), paths.runtime(), javac.processorPath(), javac.settings(), main.mainClass(), main.from(),
          main.jvmArgs(), main.appArgs(), paths.reactorIds(), filtering.values(), filtering.delimiters());
    } catch (DependencyResolutionException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    } catch (Exception e) { // the plan's plugin resolution, processor path resolution, a bad value
      throw new MojoExecutionException(p.getId() + " (" + p.getFile() + "): " + e.getMessage(), e);
    }
  }

  /** The configuration Maven set up for one goal of the plan; the default execution when there are several. */
  private Optional<MojoConfig> goal(MavenExecutionPlan plan, String artifactId, String goal, String defaultId) {
    List<MojoExecution> found = plan.getMojoExecutions().stream()
        .filter(e -> e.getGroupId().equals("org.apache.maven.plugins") && e.getArtifactId().equals(artifactId)
            && e.getGoal().equals(goal)).toList();
    return found.stream().filter(e -> defaultId.equals(e.getExecutionId())).findFirst()
        .or(() -> found.stream().findFirst())
        .map(e -> new MojoConfig(e.getConfiguration(), evaluator(e)));
  }

  private PluginParameterExpressionEvaluator evaluator(MojoExecution execution) {
    return new PluginParameterExpressionEvaluator(session, execution);
  }

  private static List<ResourceRoot> resources(MavenProject p) {
    Path dir = p.getBasedir().toPath().toAbsolutePath();
    List<ResourceRoot> roots = new ArrayList<>();
    for (Resource r : p.getBuild().getResources()) {
      roots.add(new ResourceRoot(dir.resolve(r.getDirectory()).normalize(), r.isFiltering(), r.getIncludes(),
          r.getExcludes(), Optional.ofNullable(r.getTargetPath()).filter(t -> !t.isBlank())));
    }
    return roots;
  }

  /**
   * Every pom whose change can change the model: the reactor's, and the parents found next to them
   * (relativePath); parents from the local repository change only with their version.
   */
  private Map<Path, String> poms() throws MojoExecutionException {
    Path repository = session.getRepositorySession().getLocalRepository().getBasedir().toPath().toAbsolutePath();
    Map<Path, String> poms = new LinkedHashMap<>();
    for (MavenProject p : session.getProjects()) {
      for (MavenProject cur = p; cur != null; cur = cur.getParent()) {
        File f = cur.getFile();
        if (f != null && f.isFile() && !f.toPath().toAbsolutePath().startsWith(repository)) {
          Path pom = f.toPath().toAbsolutePath().normalize();
          if (!poms.containsKey(pom)) {
            poms.put(pom, sha256(pom));
          }
        }
      }
    }
    return poms;
  }

  private static String sha256(Path file) throws MojoExecutionException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new MojoExecutionException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The JDK the build compiles with: the toolchain maven-toolchains-plugin selected (in this build,
   * or the one its configuration asks for), else the JDK Maven runs on.
   */
  private Path javaHome() {
    Toolchain tc = maven.toolchains().getToolchainFromBuildContext("jdk", session);
    if (tc == null) {
      Map<String, String> wanted = new LinkedHashMap<>();
      MavenProject top = session.getTopLevelProject();
      MainClasses.configs(top, "org.apache.maven.plugins:maven-toolchains-plugin",
              d -> new MojoConfig(d, evaluator(new MojoExecution(new MojoDescriptor()))))
          .stream().flatMap(c -> c.child("toolchains").flatMap(t -> t.child("jdk")).stream()).findFirst()
          .ifPresent(jdk -> jdk.children().forEach(r -> r.value().ifPresent(v -> wanted.put(r.name(), v))));
      if (!wanted.isEmpty()) {
        tc = maven.toolchains().getToolchains(session, "jdk", wanted).stream().findFirst().orElse(null);
      }
    }
    String java = tc == null ? null : tc.findTool("java");
    if (java != null) {
      return Path.of(java).toAbsolutePath().getParent().getParent();
    }
    return Path.of(System.getProperty("java.home"));
  }
}
