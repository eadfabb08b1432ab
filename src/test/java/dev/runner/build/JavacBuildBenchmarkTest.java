package dev.runner.build;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints, never asserts: in-process javac on a copy of sample-app versus {@code mvn -o compile}.
 * Run it alone so "cold" means a JVM that has not run javac yet:
 * {@code mvn -B -q -o -Pbench test -Dtest=JavacBuildBenchmarkTest}.
 */
@Tag("bench")
class JavacBuildBenchmarkTest {
  private static final int ROUNDS = 10;

  @TempDir
  Path dir;

  @Test
  void inProcessJavacVersusMaven() throws Exception {
    SampleAppSources app = SampleAppSources.copy(dir);
    List<String> report = new ArrayList<>();
    try (JavacBuild build = app.build()) {
      JavacBuild.Result cold = build.compile(Set.of());
      assertTrue(cold.ok(), String.join("\n", cold.diagnostics()));
      report.add(line("cold full compile (first javac in this JVM)", cold.millis(), cold.filesCompiled()));

      int[] round = {0};
      JavacBuild.Result[] last = new JavacBuild.Result[1];
      Timed edit = () -> {
        app.setGreeting("edit " + round[0]++);
        last[0] = build.compile(Set.of(app.greeting()));
        return checked(last[0], false);
      };
      report.add(line("first Greeting.java edit after the cold compile", edit.run(), last[0].filesCompiled()));
      long single = median(edit);
      report.add(line("warm Greeting.java edit (median of next " + ROUNDS + ")", single, last[0].filesCompiled()));

      Set<Path> everything = new HashSet<>(app.javaFiles());
      long full = median(() -> checked(build.compile(everything), true));
      report.add(line("warm full compile, same instance (median)", full, everything.size()));
    }
    long freshInstance = median(() -> {
      try (JavacBuild fresh = app.build()) {
        return checked(fresh.compile(Set.of()), true);
      }
    });
    report.add(line("full compile, new instance in a warm JVM (median)", freshInstance, app.javaFiles().size()));

    long mvn = median(3, () -> {
      app.setGreeting("mvn " + System.nanoTime());
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder("mvn", "-q", "-o", "-B", "-f", app.dir.resolve("pom.xml").toString(), "compile")
          .redirectErrorStream(true).redirectOutput(dir.resolve("mvn.log").toFile()).start();
      assertTrue(p.waitFor(5, TimeUnit.MINUTES) && p.exitValue() == 0, Files.readString(dir.resolve("mvn.log")));
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    });
    report.add(line("mvn -q -o compile after a Greeting edit (median of 3, wall)", mvn, app.javaFiles().size()));
    System.out.println("[bench] JavacBuild on sample-app, JDK " + Runtime.version() + "\n"
        + String.join("\n", report));
  }

  private static long checked(JavacBuild.Result r, boolean full) {
    assertTrue(r.ok() && r.full() == full, r.toString());
    return r.millis();
  }

  private static String line(String what, long millis, int files) {
    return String.format("[bench] %-62s %6d ms  (%d files)", what, millis, files);
  }

  interface Timed {
    long run() throws Exception;
  }

  private static long median(Timed timed) throws Exception {
    return median(ROUNDS, timed);
  }

  private static long median(int rounds, Timed timed) throws Exception {
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      times.add(timed.run());
    }
    times.sort(null);
    return times.get(rounds / 2);
  }
}
