package dev.runner.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.project.ModelJson;
import dev.runner.project.ProjectModel;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small Maven project a test writes into a temporary directory, and Maven run on it with this
 * build's plugin ({@code dev.runner:runner:VERSION}, installed into the local repository in
 * pre-integration-test).
 */
final class GeneratedProject {
  /** Maven's exit status and everything it printed. */
  record Run(int status, String output) {}

  final Path root;

  GeneratedProject(Path root) {
    this.root = root;
  }

  /** Writes {@code text} to {@code path} below the root, creating directories. */
  GeneratedProject file(String path, String text) throws IOException {
    Path p = root.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return this;
  }

  /** The version of the plugin this build installed. */
  static String pluginVersion() throws IOException {
    String v = System.getProperty("runner.it.version");
    if (v != null && !v.isBlank()) {
      return v;
    }
    // by hand (an IDE): the descriptor the build generated says it
    Matcher m = Pattern.compile("<version>([^<]+)</version>")
        .matcher(Files.readString(Path.of("target/classes/META-INF/maven/plugin.xml")));
    assertTrue(m.find(), "a version in target/classes/META-INF/maven/plugin.xml");
    return m.group(1);
  }

  /** {@code mvn dev.runner:runner:VERSION:GOAL ARGS} in the root, to the end. */
  Run mvn(String goal, String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("mvn", "-B", "-q", "-Dstyle.color=never",
        "dev.runner:runner:" + pluginVersion() + ":" + goal));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).directory(root.toFile()).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("mvn " + goal + " did not end within 10 minutes:\n" + out);
    }
    return new Run(p.exitValue(), out.replaceAll("\u001b\\[[0-9;]*m", ""));
  }

  /** {@code runner:model} must succeed; then the model it wrote. */
  ProjectModel model() throws IOException, InterruptedException {
    Run r = mvn("model");
    assertTrue(r.status() == 0, "mvn runner:model in " + root + " failed:\n" + r.output());
    assertTrue(r.output().isBlank(), "runner:model prints nothing on success, but printed:\n" + r.output());
    return ModelJson.read(Files.readString(root.resolve("target/runner/model.json")));
  }

  /** A pom's boilerplate around {@code body}. */
  static String pom(String body) {
    return """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
        %s
        </project>
        """.formatted(body);
  }
}
