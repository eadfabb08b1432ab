package dev.runner.project;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.jar.JarFile;

/**
 * Where the runner gets a project's model: from {@code target/runner/model.json} when every pom
 * it was made from is unchanged (no Maven at all: milliseconds), else from Maven itself, by
 * running the runner's plugin goal {@code model} on the project. Maven is the only one that
 * reads a pom.
 */
public final class ModelSource {
  private final Path dir;
  private final Consumer<String> say;

  /** @param dir the directory holding the project's (or reactor root's) pom.xml */
  public ModelSource(Path dir, Consumer<String> say) {
    this.dir = dir.toAbsolutePath().normalize();
    this.say = say;
  }

  public Path dir() {
    return dir;
  }

  public Path modelFile() {
    return dir.resolve("target/runner/model.json");
  }

  /** @throws IllegalArgumentException when there is no pom to read */
  public void check() {
    if (!Files.isRegularFile(dir.resolve("pom.xml"))) {
      throw new IllegalArgumentException("no pom.xml in " + dir);
    }
  }

  /** The cached model when it is still true, else a fresh one from Maven. */
  public ProjectModel load() throws IOException {
    check();
    ProjectModel cached = cached();
    if (cached != null) {
      say.accept("project model: cached (" + modelFile() + ")");
      return cached;
    }
    return resolve();
  }

  /** The model file, if it exists, is of this format and every pom it names is unchanged. */
  ProjectModel cached() {
    Path file = modelFile();
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      ProjectModel m = ModelJson.read(Files.readString(file));
      return unchanged(m.poms()) && m.root().equals(dir) ? m : null;
    } catch (IOException | RuntimeException e) {
      return null; // unreadable or of another format: Maven makes a new one
    }
  }

  /** Whether every pom still has the content the model was made from. */
  public static boolean unchanged(Map<Path, String> poms) {
    for (Map.Entry<Path, String> e : poms.entrySet()) {
      if (!e.getValue().equals(sha256(e.getKey()))) {
        return false;
      }
    }
    return !poms.isEmpty();
  }

  /** The SHA-256 of a file's content in hex, or "" when it cannot be read. */
  public static String sha256(Path file) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      return "";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs Maven (seconds) and reads what it wrote. */
  public ProjectModel resolve() throws IOException {
    check();
    long t0 = System.nanoTime();
    say.accept("resolving the project model with Maven (" + dir.resolve("pom.xml") + "); seconds, or a minute"
        + " while Maven downloads what it has never seen; later starts reuse it until a pom changes");
    Path file = modelFile();
    Files.deleteIfExists(file);
    List<String> goal = List.of("-q", "-f", dir.resolve("pom.xml").toString(),
        "dev.runner:runner:" + version() + ":model", "-Drunner.modelFile=" + file);
    MavenInvocation mvn = MavenInvocation.run(dir, goal);
    if (!mvn.ok() && pluginMissing(mvn) && installSelf()) {
      mvn = MavenInvocation.run(dir, goal);
    }
    if (!mvn.ok()) {
      if (pluginMissing(mvn)) {
        throw new IOException("the runner's Maven plugin dev.runner:runner:" + version() + " is not in the local"
            + " Maven repository: run 'mvn install' in the runner's checkout once. Maven said:\n" + mvn.why());
      }
      throw new IOException("Maven could not read the project:\n" + mvn.why());
    }
    if (!Files.isRegularFile(file)) {
      throw new IOException("Maven ran but wrote no project model to " + file + ":\n" + mvn.why());
    }
    ProjectModel m = ModelJson.read(Files.readString(file));
    say.accept("project model: resolved by Maven in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    return m;
  }

  private static boolean pluginMissing(MavenInvocation mvn) {
    String out = mvn.output();
    return out.contains("dev.runner:runner") && (out.contains("could not be resolved")
        || out.contains("Could not find artifact") || out.contains("No plugin found")
        || out.contains("was not found in"));
  }

  /**
   * Installs the jar this runner runs from as the plugin (it is one), so {@code --maven} works
   * from a downloaded jar too. False when this runner does not run from such a jar.
   */
  private boolean installSelf() throws IOException {
    Path jar;
    try {
      jar = Path.of(ModelSource.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (Exception e) {
      return false;
    }
    if (!Files.isRegularFile(jar)) {
      return false;
    }
    Path pom = Files.createTempFile("runner-plugin", ".pom");
    try (JarFile j = new JarFile(jar.toFile())) {
      var entry = j.getEntry("META-INF/maven/dev.runner/runner/pom.xml");
      if (entry == null || j.getEntry("META-INF/maven/plugin.xml") == null) {
        return false;
      }
      try (InputStream in = j.getInputStream(entry)) {
        Files.copy(in, pom, StandardCopyOption.REPLACE_EXISTING);
      }
      say.accept("installing the runner's Maven plugin into the local repository (" + jar + ")");
      MavenInvocation install = MavenInvocation.run(dir, List.of("-q", "install:install-file",
          "-Dfile=" + jar, "-DpomFile=" + pom));
      if (!install.ok()) {
        say.accept("could not install the runner's Maven plugin: " + install.why());
      }
      return install.ok();
    } finally {
      Files.deleteIfExists(pom);
    }
  }

  /** This runner's version, which is also its plugin's. */
  public static String version() {
    Properties p = new Properties();
    try (InputStream in = ModelSource.class.getResourceAsStream("/dev/runner/version.properties")) {
      if (in != null) {
        p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // the default below
    }
    return p.getProperty("version", "unknown");
  }
}
