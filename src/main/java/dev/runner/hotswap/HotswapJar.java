package dev.runner.hotswap;

import dev.runner.hotswap.agent.HotswapAgent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The agent jar for {@code -javaagent}: {@link HotswapAgent} and its nested classes alone, so
 * nothing else of the runner (nor its dependencies) can join or shadow the app's classes. Written
 * once per content of those classes under the runner's cache directory, like the standby's jar.
 */
public final class HotswapJar {
  private HotswapJar() {}

  /** {@code CACHE/hotswap/<hash>/runner-hotswap.jar}, written if it is not there yet. */
  public static Path ensure(Path cache) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (Class<?> c : HotswapAgent.class.getNestMembers()) {
      String entry = c.getName().replace('.', '/') + ".class";
      try (InputStream in = HotswapJar.class.getResourceAsStream("/" + entry)) {
        if (in == null) {
          throw new IOException(entry + " not found in the runner's class path");
        }
        entries.put(entry, in.readAllBytes());
      }
    }
    Path dir = cache.resolve("hotswap").resolve(hash(entries));
    Path jar = dir.resolve("runner-hotswap.jar");
    if (Files.isRegularFile(jar)) {
      return jar;
    }
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "runner-hotswap", ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream j = new JarOutputStream(out, manifest())) {
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
          j.putNextEntry(new JarEntry(e.getKey()));
          j.write(e.getValue());
          j.closeEntry();
        }
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
    m.getMainAttributes().putValue("Premain-Class", HotswapAgent.class.getName());
    m.getMainAttributes().putValue("Can-Redefine-Classes", "true");
    return m;
  }

  private static String hash(Map<String, byte[]> entries) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        all.write(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        all.write(e.getValue());
      }
      return HexFormat.of().formatHex(digest.digest(all.toByteArray()), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
