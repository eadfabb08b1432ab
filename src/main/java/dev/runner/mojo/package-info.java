/**
 * The runner as a Maven plugin: {@code runner:model} writes the {@link dev.runner.project.ProjectModel}
 * of the reactor Maven is running on, {@code runner:dev} writes it and then starts the runner as a
 * JVM of its own around it.
 *
 * <p>Every fact comes from Maven's resolved model, never from a pom's XML: the effective POM
 * (parents, profiles, pluginManagement, interpolated properties), dependency graphs that Maven's own
 * resolver builds, and plugin configuration merged and evaluated the way Maven would inject it into
 * maven-compiler-plugin or maven-resources-plugin. The goals run nothing of the lifecycle: reactor
 * siblings are taken from their output directories, so nothing needs to be built or installed
 * first.
 */
package dev.runner.mojo;
