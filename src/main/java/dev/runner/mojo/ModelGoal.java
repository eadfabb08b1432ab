package dev.runner.mojo;

import dev.runner.project.ModelJson;
import dev.runner.project.ProjectModel;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.lifecycle.LifecycleExecutor;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.ProjectDependenciesResolver;
import org.apache.maven.toolchain.ToolchainManager;
import org.eclipse.aether.RepositorySystem;

/** What both goals do first: take the model from Maven and write it where the runner reads it. */
abstract class ModelGoal extends AbstractMojo {
  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  MavenSession session;

  /** Where the model goes (default: {@code target/runner/model.json} in the directory Maven runs in). */
  @Parameter(property = "runner.modelFile")
  File modelFile;

  @Component
  LifecycleExecutor lifecycle;

  @Component
  ProjectDependenciesResolver dependencies;

  @Component
  RepositorySystem repositories;

  @Component
  ToolchainManager toolchains;

  /** Builds the model and writes it: to a temporary file first, so a reader never sees half of it. */
  Path writeModel() throws MojoExecutionException {
    ProjectModel model = new ModelBuilder(session,
        new ModelBuilder.Maven(lifecycle, dependencies, repositories, toolchains)).build();
    Path file = modelFile != null ? modelFile.toPath().toAbsolutePath()
        : model.root().resolve("target").resolve("runner").resolve("model.json");
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp");
      try {
        Files.writeString(tmp, ModelJson.write(model), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new MojoExecutionException("cannot write the project model to " + file + ": " + e, e);
    }
    getLog().debug("runner: wrote the project model of " + model.modules().size() + " module(s) to " + file);
    return file;
  }
}
