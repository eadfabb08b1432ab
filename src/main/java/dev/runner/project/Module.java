package dev.runner.project;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Maven module as the runner needs it, taken from Maven's resolved model.
 *
 * @param id {@code groupId:artifactId}
 * @param dir the module's base directory
 * @param packaging {@code jar}, {@code pom}, {@code war}...
 * @param sourceRoots compile source roots, generated ones included (absolute)
 * @param generatedSources where annotation processors write sources ({@code -s})
 * @param resources the module's resources, in the pom's order
 * @param outputDir {@code target/classes}
 * @param compileClasspath what javac compiles against: dependency jars, and sibling modules as
 *     their output directories; never this module's own output directory
 * @param runtimeClasspath what the app runs with (compile and runtime scope, never test):
 *     dependency jars and sibling modules' output directories; never this module's own
 * @param processorPath the annotation processor path when the build names one
 *     ({@code annotationProcessorPaths}); empty means javac looks on the class path
 * @param compiler javac settings as maven-compiler-plugin would pass them
 * @param mainClass the main class named in the build, if any
 * @param mainClassFrom where {@code mainClass} came from, for messages (e.g. "exec-maven-plugin")
 * @param jvmArgs JVM options for the app from the build (spring-boot-maven-plugin's jvmArguments...)
 * @param appArgs program arguments from the build
 * @param dependsOn ids of reactor modules this one depends on, directly or not
 * @param filterValues for filtered resources: expression (e.g. {@code project.version}) to value
 * @param delimiters resource filtering delimiters, e.g. {@code ${*}} and {@code @}
 */
public record Module(String id, Path dir, String packaging, List<Path> sourceRoots, Path generatedSources,
    List<ResourceRoot> resources, Path outputDir, List<Path> compileClasspath, List<Path> runtimeClasspath,
    Optional<List<Path>> processorPath, CompilerSettings compiler, Optional<String> mainClass,
    String mainClassFrom, List<String> jvmArgs, List<String> appArgs, List<String> dependsOn,
    Map<String, String> filterValues, List<String> delimiters) {
  public Module {
    if (id == null || !id.contains(":")) {
      throw new IllegalArgumentException("a module id is groupId:artifactId, not '" + id + "'");
    }
    sourceRoots = List.copyOf(sourceRoots);
    resources = List.copyOf(resources);
    compileClasspath = List.copyOf(compileClasspath);
    runtimeClasspath = List.copyOf(runtimeClasspath);
    processorPath = processorPath.map(List::copyOf);
    jvmArgs = List.copyOf(jvmArgs);
    appArgs = List.copyOf(appArgs);
    dependsOn = List.copyOf(dependsOn);
    filterValues = Map.copyOf(filterValues);
    delimiters = List.copyOf(delimiters);
    if (compileClasspath.contains(outputDir) || runtimeClasspath.contains(outputDir)) {
      throw new IllegalArgumentException(id + ": its own output directory must not be on its class paths");
    }
  }

  public String artifactId() {
    return id.substring(id.indexOf(':') + 1);
  }

  /** Whether it has Java sources to compile (a {@code pom} module has none). */
  public boolean compiles() {
    return !packaging.equals("pom");
  }
}
