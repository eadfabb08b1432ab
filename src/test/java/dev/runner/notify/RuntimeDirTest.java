package dev.runner.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeDirTest {
  @TempDir Path tmp;

  @Test
  void prefersAWritableXdgRuntimeDir() throws Exception {
    Path xdg = Files.createDirectory(tmp.resolve("xdg"));
    assertEquals(List.of(xdg, Path.of("/tmp")), RuntimeDir.candidates(xdg.toString(), "/tmp"));
  }

  @Test
  void fallsBackToTmpWhenXdgIsUnsetMissingRelativeOrReadOnly() throws Exception {
    Path readOnly = Files.createDirectory(tmp.resolve("ro"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-x------")));
    List<Path> tmpOnly = List.of(Path.of("/tmp"));
    assertEquals(tmpOnly, RuntimeDir.candidates(null, "/tmp"));
    assertEquals(tmpOnly, RuntimeDir.candidates("", "/tmp"));
    assertEquals(tmpOnly, RuntimeDir.candidates(tmp.resolve("missing").toString(), "/tmp"));
    assertEquals(tmpOnly, RuntimeDir.candidates("relative/dir", "/tmp"));
    if (!Files.isWritable(readOnly)) { // root may write anywhere
      assertEquals(tmpOnly, RuntimeDir.candidates(readOnly.toString(), "/tmp"));
    }
  }

  @Test
  void twoDirectoriesNeverShareAName() throws Exception {
    try (RuntimeDir a = RuntimeDir.create(tmp); RuntimeDir b = RuntimeDir.create(tmp)) {
      assertEquals(false, a.path.equals(b.path));
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(a.path)));
    }
  }
}
