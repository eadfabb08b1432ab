package dev.runner.cds;

import dev.runner.process.Executables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The feature release (17, 25) of the JDK a {@code java} command runs, read from that JDK's
 * {@code release} file without starting it: what CDS may ask of it differs by release.
 */
public final class JdkRelease {
  private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

  private JdkRelease() {}

  /** {@code java}: a path or a name looked up on PATH. 0 when it cannot be told. */
  public static int of(String java) {
    return Executables.find(java, System.getenv("PATH"), Path.of("")).map(JdkRelease::ofBinary).orElse(0);
  }

  static int ofBinary(Path java) {
    try {
      Path home = java.toRealPath().getParent().getParent();
      Matcher m = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
      return m.find() ? Integer.parseInt(m.group(1)) : 0;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
