package dev.runner.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.config.RunnerConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What --javac works out from COMMAND's class path and the watched directories. */
class JavacSetupTest {
  @TempDir Path dir;

  private RunnerConfig config(List<String> command, Path... watch) {
    RunnerConfig simple = RunnerConfig.simple(command, dir);
    return new RunnerConfig(command, dir, List.of(watch), List.of(), List.of(), simple.sources(), simple.build(),
        true, simple.debounce(), simple.debounceMax(), simple.grace(), simple.port(), simple.host(), false, 1,
        simple.holdTimeout(), 0, 0, simple.timeoutStart(), simple.timeoutNotify(), simple.jvm(), false, simple.maven(),
        false, true, 0, simple.poll(), simple.app());
  }

  @Test
  void aLibStarEntryMeansEveryJarInThatDirectoryAsForTheJavaLauncher() throws Exception {
    Path lib = Files.createDirectories(dir.resolve("lib"));
    String picocli = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> e.contains("picocli") && e.endsWith(".jar")).findFirst().orElseThrow();
    Files.copy(Path.of(picocli), lib.resolve("picocli.jar"));
    Path src = Files.createDirectories(dir.resolve("src/com/x"));
    Files.writeString(src.resolve("App.java"),
        "package com.x; public class App { String s = picocli.CommandLine.Help.Ansi.OFF.string(\"x\"); }\n");
    Path classes = dir.resolve("classes");
    RunnerConfig c = config(List.of("java", "-cp", "classes:lib/*", "com.x.App"), dir.resolve("src"), classes);
    try (JavacBuild javac = JavacSetup.create(c)) {
      JavacBuild.Result r = javac.compile(Set.of(src.resolve("App.java")));
      assertTrue(r.ok(), String.join("\n", r.diagnostics()));
      assertTrue(Files.exists(classes.resolve("com/x/App.class")));
    }
  }

  @Test
  void withoutAWatchedClassDirectoryItSaysWhatToWatch() {
    RunnerConfig c = config(List.of("java", "-cp", "classes", "com.x.App"), dir.resolve("src"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JavacSetup.create(c));
    assertTrue(e.getMessage().contains("-w target/classes"), e.getMessage());
  }

  @Test
  void aCommandThatIsNotJavaCpIsRefusedWithTheFormItNeeds() {
    RunnerConfig c = config(List.of("node", "server.js"), dir.resolve("src"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JavacSetup.create(c));
    assertEquals("--javac needs COMMAND to be 'java [OPTIONS] -cp CLASSPATH MainClass'", e.getMessage());
  }
}
