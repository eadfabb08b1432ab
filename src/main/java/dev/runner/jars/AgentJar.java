package dev.runner.jars;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A {@code -javaagent} jar the runner writes for its children: the named classes' files alone, so
 * nothing else of the runner (nor its dependencies, such as Undertow) can shadow or join the app's
 * classes. Written once per content under {@code CACHE/KIND/<hash>/}, renamed into place whole, so
 * runners sharing a cache never see half a jar.
 */
public final class AgentJar {
  private AgentJar() {}

  /**
   * {@code CACHE/KIND/<hash>/runner-KIND.jar} holding {@code classes}, with {@code Premain-Class}
   * set to the first and the {@code attributes} given; written if it is not there yet.
   */
  public static Path ensure(Path cache, String kind, List<Class<?>> classes, Map<String, String> attributes)
      throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (Class<?> c : classes) {
      String entry = c.getName().replace('.', '/') + ".class";
      try (InputStream in = c.getResourceAsStream("/" + entry)) {
        if (in == null) {
          throw new IOException(entry + " not found in the runner's class path");
        }
        entries.put(entry, in.readAllBytes());
      }
    }
    Path dir = cache.resolve(kind).resolve(hash(entries));
    Path jar = dir.resolve("runner-" + kind + ".jar");
    if (Files.isRegularFile(jar)) {
      return jar;
    }
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "runner-" + kind, ".tmp");
    try {
      Manifest m = new Manifest();
      m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
      m.getMainAttributes().putValue("Premain-Class", classes.get(0).getName());
      attributes.forEach(m.getMainAttributes()::putValue);
      try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream j = new JarOutputStream(out, m)) {
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

  private static String hash(Map<String, byte[]> entries) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        all.write(e.getKey().getBytes(StandardCharsets.UTF_8));
        all.write(e.getValue());
      }
      return HexFormat.of().formatHex(digest.digest(all.toByteArray()), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
