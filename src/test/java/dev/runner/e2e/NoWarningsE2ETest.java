package dev.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.mojo.RunnerJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nothing the runner does makes a JVM warn, on JDK 17 or 25: the runner JVM with the launcher's
 * flags, and sample-app's workers as the runner starts them, fresh, from the class-data sharing
 * archive it built, and from standby JVMs (an agent, so a module graph that differs from a plain
 * run's). JDK 25 names each of these: "Ignoring option" for a flag it dropped, four {@code WARNING:}
 * lines for {@code sun.misc.Unsafe}, {@code [error][cds]} for an archive that does not fit.
 */
class NoWarningsE2ETest {
  private static final Duration LONG = Duration.ofSeconds(120);
  private static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
  private static final Pattern WARNING = Pattern.compile(
      "WARNING|Ignoring option|warning:|\\[(error|warning) *\\]\\[", Pattern.CASE_INSENSITIVE);

  @TempDir static Path tmp;
  private static SampleAppCopy app;

  @BeforeAll
  static void buildCopy() throws Exception {
    app = SampleAppCopy.build(tmp);
  }

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(ints = {17, 25})
  void startsReloadsAndRunsStandbysFromTheArchiveWithoutAWarning(int jdk) throws Exception {
    String java = java(jdk);
    int port = Net.freePort();
    List<String> args = new ArrayList<>(List.of("-v", "--workers", "2", "--live-reload", "--port",
        Integer.toString(port), "--watch", app.dir.resolve("src/main/java").toString(), "--watch",
        app.dir.resolve("target/classes").toString(), "--javac", "--", java));
    args.addAll(RunnerProcess.FAST_JVM);
    args.addAll(List.of("-cp", app.dir.resolve("target/classes") + ":" + app.classpath, "dev.runner.sample.SampleApp"));
    Path cache = Files.createTempDirectory(tmp, "cache");
    try (RunnerProcess r = RunnerProcess.startOn(java, RunnerJvm.options(jdk), app.dir,
        Map.of("XDG_CACHE_HOME", cache.toString()), args)) {
      r.await("ready in", LONG);
      // reload until a standby JVM made with the archive has run the app, then once more
      for (int i = 1; !standbyRanFromArchive(r.output()); i++) {
        assertTrue(i < 20, "a standby JVM from the archive within 20 reloads:\n" + r.output());
        edit(r, port, "edit " + i);
        if (r.output().contains("recording") && !r.output().contains("archive of")) {
          r.await("archive of \\d+ classes ready", LONG); // the dump runs in the background
        }
      }
      edit(r, port, "last edit");
      r.signal("INT");
      assertEquals(130, r.awaitExit(LONG), r.output());
      List<String> warnings = r.output().lines().filter(l -> WARNING.matcher(l).find()).toList();
      assertEquals(List.of(), warnings, "lines that warn, in:\n" + r.output());
    }
  }

  private static String java(int jdk) {
    if (jdk == Runtime.version().feature()) {
      return RunnerProcess.JAVA;
    }
    Assumptions.assumeTrue(jdk == 25 && Files.isExecutable(TEMURIN_25),
        "JDK " + jdk + " is not installed (Temurin 25 is looked for at " + TEMURIN_25 + "): skipped");
    return TEMURIN_25.toString();
  }

  private static boolean standbyRanFromArchive(String output) {
    int using = output.indexOf("class-data sharing: using");
    int loading = using < 0 ? -1 : output.indexOf("loading its dependency classes", using);
    return loading >= 0 && output.indexOf("runs the app", loading) >= 0;
  }

  private static void edit(RunnerProcess r, int port, String text) throws Exception {
    int standbys = r.count(STANDBY_STARTED);
    app.setGreeting(text);
    Poll.until(LONG, () -> Net.get(port, "/").equals(Optional.of(text + "\n")),
        () -> "GET / answering '" + text + "'; runner said:\n" + r.output());
    if (r.output().contains("class-data sharing: using")) {
      // a standby starts 0.5 s after its worker is ready: on a quiet machine the next edit came
      // sooner, so no standby ever ran the app; wait for both workers' standbys before editing again
      Poll.until(LONG, () -> r.count(STANDBY_STARTED) >= standbys + 2,
          () -> "both workers' standby JVMs started ahead; runner said:\n" + r.output());
    }
  }

  private static final String STANDBY_STARTED = "standby JVM pid \\d+ started ahead";
}
