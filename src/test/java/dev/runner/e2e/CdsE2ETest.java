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
import java.util.concurrent.atomic.AtomicBoolean;
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

  /** The archive is dumped by a JVM of its own, in the background: a runner killed meanwhile takes it along. */
  @Test
  void aDumpUnderWayEndsWithTheRunnerKilledWithSigkill() throws Exception {
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Files.writeString(classes.resolve("App.class"), "v0");
    String jar = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> e.contains("picocli") && e.endsWith(".jar")).findFirst().orElseThrow();
    int port = Net.freePort();
    List<String> args = new ArrayList<>(List.of("-v", "--no-standby", "-w", "classes", "--port",
        Integer.toString(port), "--", RunnerProcess.JAVA, "-cp",
        Path.of("target/test-classes").toAbsolutePath() + File.pathSeparator + jar,
        "dev.runner.fixtures.FileServer", "classes/App.class"));
    try (RunnerProcess r = RunnerProcess.start(dir, Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString()), args)) {
      r.await("recording the classes this run loads", LONG);
      r.await("ready in", LONG);
      Files.writeString(classes.resolve("App.class"), "v1"); // the recording child exits: its list is dumped
      // the runner is killed the moment its dump is seen: a dump of a small list can be over in
      // less than a second, so looking twice (seen, then kill) could miss it
      AtomicBoolean caught = new AtomicBoolean();
      Poll.until(LONG, () -> {
        if (Census.count(r.testId, "-Xshare:dump") > 0) {
          r.signal("KILL");
          caught.set(true);
          return true;
        }
        return r.output().contains("archive of");
      }, () -> "a dump under way:\n" + r.output());
      assertTrue(caught.get(), "the dump was over before it could be caught:\n" + r.output());
      Poll.until(Duration.ofSeconds(30), () -> Census.of(r.testId).isEmpty(),
          () -> "nothing left after kill -9 of the runner, found " + Census.of(r.testId));
      // a dump left to run on finishes its archive (deps.jsa.tmp, which only the runner renames); one
      // that died with the runner never got that far
      try (var files = Files.walk(dir.resolve("cache"))) {
        List<Path> written = files.filter(f -> f.getFileName().toString().startsWith("deps.jsa")).toList();
        assertTrue(written.isEmpty(), "the dump ran on after the runner died and wrote " + written);
      }
    }
  }
}
