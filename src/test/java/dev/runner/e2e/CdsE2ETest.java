package dev.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class-data sharing for a real {@code java -cp} child: the first run records its classes, a
 * later start gets an archive of the dependency jars, and the child really maps it.
 */
class CdsE2ETest {
  private static final Duration LONG = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void aLaterGenerationMapsTheArchiveOfItsDependencyJars() throws Exception {
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Files.writeString(classes.resolve("App.class"), "v0");
    String jar = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> e.contains("picocli") && e.endsWith(".jar")).findFirst().orElseThrow();
    int port = Net.freePort();
    List<String> args = new ArrayList<>(List.of("-v", "-w", "classes", "--port", Integer.toString(port), "--",
        RunnerProcess.JAVA, "-cp", Path.of("target/test-classes").toAbsolutePath() + File.pathSeparator + jar,
        "dev.runner.fixtures.FileServer", "classes/App.class"));
    Path cache = dir.resolve("cache");
    try (RunnerProcess r = RunnerProcess.start(dir, Map.of("XDG_CACHE_HOME", cache.toString()), args)) {
      r.await("recording the classes this run loads", LONG);
      r.await("ready in", LONG); // an edit before the first child even started would be loaded by it, no restart
      for (int i = 1; !r.output().contains("class-data sharing: using"); i++) {
        assertTrue(i < 20, "an archive within 20 reloads:\n" + r.output());
        String v = "v" + i;
        Files.writeString(classes.resolve("App.class"), v);
        Poll.until(LONG, () -> Net.get(port, "/").equals(Optional.of(v)), () -> v + " served:\n" + r.output());
        if (r.output().contains("recording") && !r.output().contains("archive of")) {
          r.await("archive of \\d+ classes ready", LONG); // the dump runs in the background
        }
      }
      Files.writeString(classes.resolve("App.class"), "last");
      Poll.until(LONG, () -> Net.get(port, "/").equals(Optional.of("last")), () -> "last served");
      long server = Long.parseLong(Net.get(port, "/pid").orElseThrow());
      String maps = Files.readString(Path.of("/proc", Long.toString(server), "maps"));
      assertTrue(maps.contains("deps.jsa"), "the child maps the archive");
      assertTrue(Files.exists(cache.resolve("runner/cds")), "kept under XDG_CACHE_HOME");
    }
  }
}
