package dev.runner.hotswap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runner.hotswap.agent.HotswapAgent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotswapJarTest {
  @TempDir Path cache;

  @Test
  void holdsTheAgentAloneAndMayRedefine() throws IOException {
    Path jar = HotswapJar.ensure(cache);
    try (JarFile j = new JarFile(jar.toFile())) {
      assertEquals(List.of("META-INF/MANIFEST.MF", "dev/runner/hotswap/agent/HotswapAgent.class"),
          Collections.list(j.entries()).stream().map(ZipEntry::getName).toList());
      var main = j.getManifest().getMainAttributes();
      assertEquals(HotswapAgent.class.getName(), main.getValue("Premain-Class"));
      assertEquals("true", main.getValue("Can-Redefine-Classes"));
    }
    assertEquals(jar, HotswapJar.ensure(cache), "written once");
  }
}
