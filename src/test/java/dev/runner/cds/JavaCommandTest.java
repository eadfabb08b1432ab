package dev.runner.cds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JavaCommandTest {
  private static final Path DIR = Path.of("/app");

  @Test
  void takesApartAJavaCpCommandAndPutsItBackWithExtraOptionsAndANewClassPath() {
    JavaCommand j = JavaCommand.parse(List.of("/jdk/bin/java", "-Xmx64m", "-cp", "classes:lib/a.jar", "-Dx=1",
        "com.example.Main", "--port", "1"), DIR).orElseThrow();
    assertEquals(List.of("classes", "lib/a.jar"), j.classpath());
    assertEquals(List.of("com.example.Main", "--port", "1"), j.mainAndArgs());
    assertEquals(List.of("/jdk/bin/java", "-Xmx64m", "-XX:SharedArchiveFile=a.jsa", "-cp", "lib/a.jar:classes", "-Dx=1",
        "com.example.Main", "--port", "1"), j.with(List.of("-XX:SharedArchiveFile=a.jsa"), List.of("lib/a.jar", "classes")));
  }

  @Test
  void acceptsEveryClassPathSpellingAndDropsARedundantXshareAuto() {
    assertTrue(JavaCommand.parse(List.of("java", "-classpath", "c", "M"), DIR).isPresent());
    assertTrue(JavaCommand.parse(List.of("java", "--class-path", "c", "M"), DIR).isPresent());
    assertEquals(List.of(), JavaCommand.parse(List.of("java", "-Xshare:auto", "--class-path=c", "M"), DIR)
        .orElseThrow().options());
  }

  @Test
  void leavesAloneWhatItDoesNotFullyUnderstand() {
    for (List<String> argv : List.of(
        List.of("node", "server.js"),
        List.of("java", "-jar", "app.jar"),
        List.of("java", "@args.txt"),
        List.of("java", "-Xshare:off", "-cp", "c", "M"),
        List.of("java", "-XX:SharedArchiveFile=mine.jsa", "-cp", "c", "M"),
        List.of("java", "-m", "mod/com.x.Main"),
        List.of("java", "-cp", "c"),
        List.of("java", "M"))) {
      assertTrue(JavaCommand.parse(argv, DIR).isEmpty(), argv.toString());
    }
  }

  @Test
  void putsTheStandbyAgentFirstInAnyJavaCpCommandIncludingARewrittenOne() {
    String agent = "-javaagent:s.jar=list";
    assertEquals(List.of("java", agent, "-XX:SharedArchiveFile=a.jsa", "-Xshare:auto", "-cp", "a.jar:classes", "-Dx=1",
        "com.example.Main", "--port", "1"),
        JavaCommand.withFirstOption(List.of("java", "-XX:SharedArchiveFile=a.jsa", "-Xshare:auto", "-cp",
            "a.jar:classes", "-Dx=1", "com.example.Main", "--port", "1"), agent).orElseThrow());
    assertEquals(List.of("java", agent, "--class-path=c", "M"),
        JavaCommand.withFirstOption(List.of("java", "--class-path=c", "M"), agent).orElseThrow());
    assertEquals(List.of("java", agent, "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp", "c", "--add-modules",
        "jdk.incubator.vector", "M"), JavaCommand.withFirstOption(List.of("java", "--add-opens",
        "java.base/java.lang=ALL-UNNAMED", "-cp", "c", "--add-modules", "jdk.incubator.vector", "M"), agent)
        .orElseThrow(), "an option's separate value is not the main class");
    JavaCommand opens = JavaCommand.parse(List.of("java", "-cp", "c", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "M", "x"), DIR).orElseThrow();
    assertEquals(List.of("M", "x"), opens.mainAndArgs());
    for (List<String> argv : List.of(List.of("node", "x.js"), List.of("java", "-jar", "app.jar"), List.of("java", "M"),
        List.of("java", "-p", "mods", "-cp", "c", "M"), List.of("java", "-cp", "c", "--add-opens"),
        List.of("java", "-cp", "c"), List.of("java", "-cp"), List.of("java", "@args", "-cp", "c", "M"))) {
      assertTrue(JavaCommand.withFirstOption(argv, agent).isEmpty(), argv.toString());
    }
  }

  @Test
  void namesTheOptionsThatShapeTheModuleGraphAsWritten() {
    JavaCommand j = JavaCommand.parse(List.of("java", "-Xmx64m", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "-cp", "c", "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "--patch-module",
        "m=p", "-Dx=--add-reads", "M"), DIR).orElseThrow();
    assertEquals(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-modules=jdk.incubator.vector",
        "--enable-native-access=ALL-UNNAMED"), j.moduleOptions());
  }

  @Test
  void onJdk25TheArchiveIsDumpedWithTheChildsModuleOptionsAndTheStandbyAgentsModule() {
    JavaCommand j = JavaCommand.parse(List.of("java", "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "-cp", "c",
        "M"), DIR).orElseThrow();
    assertEquals(List.of(), CdsCache.dumpModules(j, 17), "JDK 17 archives no module graph once the dump has one");
    assertEquals(List.of("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-modules=java.instrument"),
        CdsCache.dumpModules(j, 25));
  }

  @Test
  void aRecordedClassListIsFinishedOnlyOnceItsJvmIsGone() {
    assertTrue(CdsCache.recorderAlive(Path.of("/c/loaded-pid" + ProcessHandle.current().pid() + ".lst")));
    assertTrue(!CdsCache.recorderAlive(Path.of("/c/loaded-pid" + Long.MAX_VALUE / 2 + ".lst")));
  }
}
