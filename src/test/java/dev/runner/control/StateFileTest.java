package dev.runner.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file: where it is, who may read it, when it counts, and that it goes away. */
class StateFileTest {
  @TempDir Path tmp;

  @Test
  void ownerOnlyFileInAnOwnerOnlyDirectoryUnderXdgRuntimeDir() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("app"));
    Map<String, String> env = Map.of("XDG_RUNTIME_DIR", tmp.toString());
    try (StateFile f = StateFile.write(env, work, 4321, "secret", "1.0")) {
      assertEquals(tmp.resolve("runner"), f.file().getParent());
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.file())));
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.file().getParent())));
      StateFile.Entry e = StateFile.find(env, work).orElseThrow();
      assertEquals(ProcessHandle.current().pid(), e.pid());
      assertEquals(4321, e.port());
      assertEquals("secret", e.token());
      assertEquals(work.toRealPath().toString(), e.workDir());
      try (var files = Files.list(f.file().getParent())) {
        assertEquals(1, files.count(), "no temporary file left beside it");
      }
    }
    assertEquals(Optional.empty(), StateFile.find(env, work), "removed at close");
  }

  @Test
  void withoutXdgRuntimeDirItLivesInTheCacheAndADirectoryIsNamedByItsRealPath() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("app"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), work);
    Map<String, String> env = Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString());
    try (StateFile f = StateFile.write(env, link, 1, "t", "1.0")) {
      assertEquals(tmp.resolve("cache/runner/state"), f.file().getParent());
      assertTrue(StateFile.find(env, work).isPresent(), "found from the real directory, written through a link");
      assertFalse(StateFile.find(env, tmp).isPresent(), "another directory has no runner");
    }
  }

  @Test
  void aWiderDirectoryIsNarrowedBeforeTheSecretGoesIn() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("runner"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (StateFile f = StateFile.write(Map.of("XDG_RUNTIME_DIR", tmp.toString()), tmp, 1, "t", "1.0")) {
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    }
  }

  @Test
  void aFileLeftByAProcessThatIsGoneCountsAsNoRunner() throws Exception {
    Map<String, String> env = Map.of("XDG_RUNTIME_DIR", tmp.toString());
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path file = StateFile.path(env, tmp);
    try (StateFile f = StateFile.write(env, tmp, 1, "t", "1.0")) {
      Files.writeString(file, Files.readString(file).replace("\"pid\":" + ProcessHandle.current().pid(),
          "\"pid\":" + gone.pid()));
      assertEquals(Optional.empty(), StateFile.find(env, tmp), "pid " + gone.pid() + " is gone");
    }
  }

  @Test
  void aReusedPidWithAnotherStartTimeCountsAsNoRunner() throws Exception {
    Map<String, String> env = Map.of("XDG_RUNTIME_DIR", tmp.toString());
    try (StateFile f = StateFile.write(env, tmp, 1, "t", "1.0")) {
      String json = Files.readString(f.file());
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) Json.parse(json);
      Files.writeString(f.file(), json.replace((String) m.get("started"), "2001-01-01T00:00:00Z"));
      assertEquals(Optional.empty(), StateFile.find(env, tmp));
    }
  }

  @Test
  void closingDoesNotRemoveTheFileOfALaterRunnerOfTheSameDirectory() throws Exception {
    Map<String, String> env = Map.of("XDG_RUNTIME_DIR", tmp.toString());
    StateFile first = StateFile.write(env, tmp, 1, "first", "1.0");
    try (StateFile second = StateFile.write(env, tmp, 2, "second", "1.0")) {
      first.close();
      assertEquals("second", StateFile.find(env, tmp).orElseThrow().token());
    }
  }
}
