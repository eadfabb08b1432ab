package dev.runner.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Maven project a test writes (a pom and its files), with its dependency class path resolved by
 * Maven itself ({@code mvn dependency:build-classpath}) and run by the runner as a new user would:
 * {@code -w src/main/java -w src/main/resources -w target/classes --javac}, the resources ahead of
 * the classes on the class path. Nothing is compiled by Maven: the runner's javac builds it before
 * the first start.
 */
final class GeneratedProject {
  final Path dir;
  final String dependencies;

  private GeneratedProject(Path dir, String dependencies) {
    this.dir = dir;
    this.dependencies = dependencies;
  }

  /** Writes {@code files} (path below {@code dir} to content) and resolves the pom's class path. */
  static GeneratedProject write(Path dir, Map<String, String> files) throws IOException, InterruptedException {
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = dir.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue());
    }
    Files.createDirectories(dir.resolve("target/classes"));
    Process mvn = new ProcessBuilder("mvn", "-q", "-B", "-Dstyle.color=never", "-f", dir.resolve("pom.xml").toString(),
        "dependency:build-classpath", "-Dmdep.outputFile=target/classpath.txt")
        .redirectErrorStream(true).start();
    String out = new String(mvn.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!mvn.waitFor(10, TimeUnit.MINUTES) || mvn.exitValue() != 0) {
      throw new IllegalStateException("mvn dependency:build-classpath failed in " + dir + ":\n" + out);
    }
    return new GeneratedProject(dir, Files.readString(dir.resolve("target/classpath.txt")).strip());
  }

  /** The runner's arguments: {@code options}, the watched roots, --javac, then the java command. */
  List<String> runnerArgs(List<String> options, String mainClass) {
    List<String> args = new ArrayList<>(options);
    args.addAll(List.of("-w", "src/main/java", "-w", "src/main/resources", "-w", "target/classes", "--javac", "--",
        RunnerProcess.JAVA, "-cp", "src/main/resources:target/classes:" + dependencies, mainClass));
    return args;
  }

  /** Replaces {@code from} by {@code to} in a file of the project (a real edit: the file is rewritten). */
  void edit(String file, String from, String to) throws IOException {
    Path p = dir.resolve(file);
    String text = Files.readString(p);
    if (!text.contains(from)) {
      throw new IllegalStateException(file + " does not contain '" + from + "'");
    }
    Files.writeString(p, text.replace(from, to));
  }
}
