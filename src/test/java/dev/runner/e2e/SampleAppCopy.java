package dev.runner.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private, built copy of sample-app for tests that edit its sources (the repository's own copy
 * is never touched). Built once with Maven; {@link #runnerArgs} gives the options {@code ./runner}
 * itself uses for sample-app, pointed at the copy.
 */
public final class SampleAppCopy {
  public static final Path ORIGINAL = Path.of("sample-app").toAbsolutePath();
  public static final String GREETING = "src/main/java/dev/runner/sample/Greeting.java";

  public final Path dir;
  public final String classpath;

  private SampleAppCopy(Path dir, String classpath) {
    this.dir = dir;
    this.classpath = classpath;
  }

  /** Copies sample-app's sources and pom (nothing built) to {@code into/sample-app}. */
  public static Path copySources(Path into) throws IOException {
    Path dir = into.resolve("sample-app");
    copyTree(ORIGINAL.resolve("src"), dir.resolve("src"));
    Files.copy(ORIGINAL.resolve("pom.xml"), dir.resolve("pom.xml"));
    return dir;
  }

  /** A copy built with Maven: classes and {@code target/classpath.txt}. */
  public static SampleAppCopy build(Path into) throws IOException, InterruptedException {
    Path dir = copySources(into);
    Process mvn = new ProcessBuilder("mvn", "-q", "-B", "-Dstyle.color=never", "-f", dir.resolve("pom.xml").toString(),
        "compile", "dependency:build-classpath", "-Dmdep.outputFile=target/classpath.txt")
        .redirectErrorStream(true).start();
    String out = new String(mvn.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!mvn.waitFor(5, TimeUnit.MINUTES) || mvn.exitValue() != 0) {
      throw new IllegalStateException("building the sample-app copy failed:\n" + out);
    }
    return new SampleAppCopy(dir, Files.readString(dir.resolve("target/classpath.txt")).strip());
  }

  public Path greeting() {
    return dir.resolve(GREETING);
  }

  public void setGreeting(String text) throws IOException {
    String src = Files.readString(greeting());
    Files.writeString(greeting(), src.replaceFirst("return \"[^\"]*\";?", "return \"" + text + "\";"));
  }

  void writeGreetingSource(String javaExpressionLine) throws IOException {
    String src = Files.readString(greeting());
    Files.writeString(greeting(), src.replaceFirst("return \"[^\"]*\";?", javaExpressionLine));
  }

  /** The runner options ./runner uses for sample-app (in-process javac), for this copy and {@code port}. */
  List<String> runnerArgs(int port) {
    List<String> args = new ArrayList<>(List.of(
        "--port", Integer.toString(port),
        "--watch", dir.resolve("src/main/java").toString(),
        "--watch", dir.resolve("target/classes").toString(),
        "--javac",
        "--"));
    args.addAll(childCommand());
    return args;
  }

  List<String> childCommand() {
    List<String> cmd = new ArrayList<>(List.of(RunnerProcess.JAVA));
    cmd.addAll(RunnerProcess.FAST_JVM);
    cmd.addAll(List.of("-cp", dir.resolve("target/classes") + ":" + classpath, "dev.runner.sample.SampleApp"));
    return cmd;
  }

  /** Copies a tree, keeping file times (a copied class file must not look newer than it is). */
  public static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
