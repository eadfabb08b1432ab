package dev.runner.build;

import dev.runner.e2e.SampleAppCopy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private copy of sample-app's sources and pom (the repository's copy is never touched), with
 * its dependency class path from sample-app's {@code target/classpath.txt}, or from offline Maven
 * when that file is missing. Tests that need it are skipped, saying why, when neither works.
 */
final class SampleAppSources {
  static final Path ORIGINAL = Path.of("sample-app").toAbsolutePath();
  static final String GREETING = "src/main/java/dev/runner/sample/Greeting.java";

  final Path dir;
  final List<Path> classpath;

  private SampleAppSources(Path dir, List<Path> classpath) {
    this.dir = dir;
    this.classpath = classpath;
  }

  static SampleAppSources copy(Path into) throws IOException, InterruptedException {
    Path dir = SampleAppCopy.copySources(into);
    Path cpFile = ORIGINAL.resolve("target/classpath.txt");
    if (!Files.isRegularFile(cpFile)) {
      cpFile = dir.resolve("target/classpath.txt");
      Process mvn = new ProcessBuilder("mvn", "-q", "-B", "-o", "-f", dir.resolve("pom.xml").toString(),
          "dependency:build-classpath", "-Dmdep.outputFile=" + cpFile).redirectErrorStream(true).start();
      String out = new String(mvn.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      boolean done = mvn.waitFor(3, TimeUnit.MINUTES);
      assumeTrue(done && mvn.exitValue() == 0 && Files.isRegularFile(cpFile),
          "sample-app's class path (target/classpath.txt) cannot be produced offline:\n" + out);
    }
    List<Path> classpath = Arrays.stream(Files.readString(cpFile).strip().split(":"))
        .filter(s -> !s.isEmpty()).map(Path::of).toList();
    assumeTrue(classpath.stream().allMatch(Files::isRegularFile),
        "a jar of sample-app's class path is missing: " + classpath);
    return new SampleAppSources(dir, classpath);
  }

  Path sources() {
    return dir.resolve("src/main/java");
  }

  Path classes() {
    return dir.resolve("target/classes");
  }

  List<Path> javaFiles() throws IOException {
    try (Stream<Path> all = Files.walk(sources())) {
      return all.filter(f -> f.toString().endsWith(".java")).toList();
    }
  }

  Path greeting() {
    return dir.resolve(GREETING);
  }

  JavacBuild build() throws IOException {
    return new JavacBuild(List.of(sources()), classes(), classpath, List.of());
  }

  void setGreeting(String text) throws IOException {
    String src = Files.readString(greeting());
    Files.writeString(greeting(), src.replaceFirst("return \"[^\"]*\";", "return \"" + text + "\";"));
  }

}
