package dev.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.e2e.RunnerProcess;
import dev.runner.it.RealProjects.Project;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Plain Maven and plain {@code java}, without the runner: how {@link RealProjectsIT} proves that a
 * generated project is a real one (it builds, and its app serves what the runner's tests expect).
 */
final class PlainMaven {
  static final Duration MAVEN = Duration.ofSeconds(300);
  /** Where {@link #runtimeClassPath} has Maven write a module's runtime class path. */
  private static final String CLASS_PATH_FILE = "target/plain-maven-classpath.txt";

  /** What one {@code mvn} run did. */
  record Result(List<String> command, int exit, String output) {
    Result ok() {
      assertEquals(0, exit, "exit code of " + String.join(" ", command) + "; Maven said:\n" + tail());
      return this;
    }

    String tail() {
      String[] lines = output.split("\n");
      return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 60), lines.length));
    }
  }

  private PlainMaven() {}

  /** {@code mvn -B ARGS} in {@code dir}, its output captured through a file (no pipe to fill). */
  static Result mvn(Path dir, String... args) throws IOException, InterruptedException {
    return mvn(dir, Map.of(), args);
  }

  /** {@link #mvn(Path, String...)} with more environment, e.g. another {@code JAVA_HOME}. */
  static Result mvn(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("mvn", "-B", "-Dstyle.color=never"));
    argv.addAll(List.of(args));
    Path log = Files.createTempFile("plain-maven", ".log");
    try {
      ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(MAVEN.toSeconds(), TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", argv) + " in " + dir + " did not end within " + MAVEN
            + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
      }
      return new Result(argv, p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /**
   * Builds with {@code goals} (e.g. {@code package}) and writes each module's runtime class path
   * as Maven resolves it ({@code includeScope=runtime}); from a reactor root, siblings resolve to
   * the jars this build made.
   */
  static void buildWithClassPaths(Path dir, String... goals) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of(goals));
    args.addAll(List.of("dependency:build-classpath", "-DincludeScope=runtime", "-Dmdep.outputFile=" + CLASS_PATH_FILE));
    mvn(dir, args.toArray(String[]::new)).ok();
  }

  /** A module's output directory followed by its runtime class path, after {@link #buildWithClassPaths}. */
  static String runtimeClassPath(Path module) throws IOException {
    String deps = Files.readString(module.resolve(CLASS_PATH_FILE)).strip();
    String classes = module.resolve("target/classes").toString();
    return deps.isEmpty() ? classes : classes + File.pathSeparator + deps;
  }

  /** {@code java ARGS} in the app's directory with its port variable set; closing it proves it gone. */
  static RunnerProcess java(Project p, int port, String... args) throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.addAll(List.of(args));
    return RunnerProcess.startRaw(p.app(), Map.of(p.portEnv(), Integer.toString(port)), argv);
  }

  /** The class file major version of {@code classFile} (61 = Java 17, 65 = 21, 69 = 25). */
  static int majorVersion(Path classFile) throws IOException {
    byte[] head = new byte[8];
    try (var in = Files.newInputStream(classFile)) {
      assertEquals(8, in.readNBytes(head, 0, 8), "a class file: " + classFile);
    }
    assertTrue((head[0] & 0xff) == 0xCA && (head[1] & 0xff) == 0xFE, "a class file: " + classFile);
    return ((head[6] & 0xff) << 8) | (head[7] & 0xff);
  }
}
