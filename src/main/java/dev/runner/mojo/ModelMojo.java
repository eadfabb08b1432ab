package dev.runner.mojo;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * {@code runner:model}: writes the project model of the whole reactor, once, at the execution
 * root. This is how {@code runner --maven} asks Maven about a project; it resolves dependencies
 * itself (siblings as their output directories), so it declares no dependency resolution of its
 * own and needs nothing built or installed.
 */
@Mojo(name = "model", aggregator = true, requiresProject = true, threadSafe = true)
public final class ModelMojo extends ModelGoal {
  @Override
  public void execute() throws MojoExecutionException {
    writeModel();
  }
}
