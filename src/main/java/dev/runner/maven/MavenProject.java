package dev.runner.maven;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Zero-config mode for an ordinary Maven project ({@code runner --maven [DIR]}): the conventional
 * layout ({@code src/main/java}, {@code src/main/resources}, {@code target/classes}), the runtime
 * class path resolved once with {@code mvn dependency:build-classpath} and cached under
 * {@code target/runner/} keyed by the pom's content, and the main class from {@code --main} or
 * from exec-maven-plugin's {@code <mainClass>}.
 */
public final class MavenProject {
  private final Path dir;
  private final Path pom;

  public MavenProject(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
    this.pom = this.dir.resolve("pom.xml");
  }

  public Path dir() {
    return dir;
  }

  public Path pom() {
    return pom;
  }

  public Path sources() {
    return dir.resolve("src/main/java");
  }

  public Path resources() {
    return dir.resolve("src/main/resources");
  }

  public Path classes() {
    return dir.resolve("target/classes");
  }

  /** @throws IllegalArgumentException when DIR is no Maven project */
  public void check() {
    if (!Files.isRegularFile(pom)) {
      throw new IllegalArgumentException("--maven: no pom.xml in " + dir);
    }
  }

  /** The main class named in exec-maven-plugin's configuration, if any. */
  public Optional<String> mainClassFromPom() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document doc = f.newDocumentBuilder().parse(pom.toFile());
      NodeList plugins = doc.getElementsByTagName("plugin");
      for (int i = 0; i < plugins.getLength(); i++) {
        Element p = (Element) plugins.item(i);
        if (text(p, "artifactId").equals("exec-maven-plugin")) {
          NodeList mains = p.getElementsByTagName("mainClass");
          if (mains.getLength() > 0 && !mains.item(0).getTextContent().isBlank()) {
            return Optional.of(mains.item(0).getTextContent().strip());
          }
        }
      }
      return Optional.empty();
    } catch (Exception e) {
      throw new IllegalArgumentException("--maven: cannot read " + pom + ": " + e.getMessage());
    }
  }

  private static String text(Element parent, String child) {
    NodeList n = parent.getElementsByTagName(child);
    return n.getLength() == 0 ? "" : n.item(0).getTextContent().strip();
  }

  /** A key for the pom's current content. */
  public String pomKey() throws IOException {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(pom));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The runtime class path (jars), from the cache when the pom is unchanged, else from Maven.
   *
   * @param say told when Maven has to run (it takes seconds)
   */
  public List<String> dependencies(java.util.function.Consumer<String> say) throws IOException {
    Path cache = dir.resolve("target/runner/classpath-" + pomKey() + ".txt");
    if (!Files.isRegularFile(cache)) {
      Files.createDirectories(cache.getParent());
      say.accept("resolving the class path of " + pom + " (mvn dependency:build-classpath)");
      Path wrapper = dir.resolve("mvnw");
      String maven = Files.isExecutable(wrapper) ? wrapper.toString() : "mvn"; // the project's own wrapper first
      Process mvn = new ProcessBuilder(maven, "-q", "-B", "-Dstyle.color=never", "-f", pom.toString(),
          "dependency:build-classpath", "-Dmdep.includeScope=runtime", "-Dmdep.outputFile=" + cache)
          .redirectErrorStream(true).start();
      String out = new String(mvn.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      try {
        if (!mvn.waitFor(10, TimeUnit.MINUTES) || mvn.exitValue() != 0) {
          mvn.destroyForcibly();
          Files.deleteIfExists(cache);
          throw new IOException("mvn dependency:build-classpath failed:\n" + out.strip());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while resolving the class path");
      }
    }
    String line = Files.readString(cache).strip();
    List<String> jars = new ArrayList<>();
    for (String e : line.split(File.pathSeparator)) {
      if (!e.isBlank()) {
        jars.add(e);
      }
    }
    return jars;
  }

  /**
   * The child command: this JVM's java, resources before classes (so an edited resource is used
   * without a copy step, and a stale copy in target/classes never wins), then the dependencies.
   */
  public List<String> command(String mainClass, List<String> dependencies) {
    List<String> cp = new ArrayList<>(List.of(resources().toString(), classes().toString()));
    cp.addAll(dependencies);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return List.of(java, "-XX:TieredStopAtLevel=1", "-cp", String.join(File.pathSeparator, cp), mainClass);
  }
}
