package dev.runner.standby;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The agent jar of a standby JVM: {@link Standby}'s class file alone, named by a
 * {@code Premain-Class} manifest, so nothing else of the runner (nor its dependencies, such as
 * Undertow) can shadow or join the app's classes. Written once per version of that class under
 * the runner's cache directory.
 */
public final class StandbyJar {
  private static final String ENTRY = Standby.class.getName().replace('.', '/') + ".class";

  private StandbyJar() {}

  /** {@code CACHE/standby/<hash>/runner-standby.jar}, written if it is not there yet. */
  public static Path ensure(Path cache) throws IOException {
    byte[] bytes;
    try (InputStream in = StandbyJar.class.getResourceAsStream("/" + ENTRY)) {
      if (in == null) {
        throw new IOException(ENTRY + " not found in the runner's class path");
      }
      bytes = in.readAllBytes();
    }
    Path dir = cache.resolve("standby").resolve(hash(bytes));
    Path jar = dir.resolve("runner-standby.jar");
    if (Files.isRegularFile(jar)) {
      return jar;
    }
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "runner-standby", ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream j = new JarOutputStream(out, manifest())) {
        j.putNextEntry(new JarEntry(ENTRY));
        j.write(bytes);
        j.closeEntry();
      }
      Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return jar;
  }

  private static Manifest manifest() {
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().putValue("Premain-Class", Standby.class.getName());
    return m;
  }

  private static String hash(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
