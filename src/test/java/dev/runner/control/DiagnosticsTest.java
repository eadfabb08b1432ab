package dev.runner.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.build.JavacBuild;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiler messages out of real compiler output: the runner's own javac, the javac command, Maven's shape. */
class DiagnosticsTest {
  private static final String BROKEN = """
      package demo;

      public final class Greeting {
        public static String text() {
      \t\treturn "x"
        }
      }
      """;

  @TempDir Path dir;

  @Test
  void theRunnersOwnCompilerGivesFileLineColumnMessageAndSource() throws Exception {
    Path src = write("src/demo/Greeting.java", BROKEN);
    JavacBuild.Result r;
    try (JavacBuild javac = new JavacBuild(List.of(dir.resolve("src")), Files.createDirectories(dir.resolve("out")),
        List.of(), List.of())) {
      r = javac.compile(Set.of(src));
    }
    List<Diagnostic> d = Diagnostics.parse(String.join("\n", r.diagnostics()), dir);
    assertEquals(1, d.size(), "one error in " + r.diagnostics());
    Diagnostic e = d.get(0);
    assertEquals("src/demo/Greeting.java", e.file());
    assertEquals(src.toString(), e.path());
    assertEquals(5, e.line());
    assertEquals(13, e.column(), "two tabs count one column each: after \t\treturn \"x\"");
    assertEquals("error", e.severity());
    assertEquals("';' expected", e.message());
    assertEquals("\t\treturn \"x\"", e.source());
  }

  @Test
  void theJavacCommandsOutputWithContinuationLinesAndTheCountLine() throws Exception {
    Path src = write("Use.java", """
        class Use {
          Missing m;
          Absent a;
        }
        """);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, new PrintStream(err, true, StandardCharsets.UTF_8),
        "-d", dir.resolve("out").toString(), src.toString());
    String output = err.toString(StandardCharsets.UTF_8);
    assertTrue(rc != 0 && output.contains("2 errors"), output);
    List<Diagnostic> d = Diagnostics.parse(output, dir);
    assertEquals(2, d.size(), output);
    assertEquals("Use.java", d.get(0).file());
    assertEquals(2, d.get(0).line());
    assertEquals(3, d.get(0).column());
    assertTrue(d.get(0).message().startsWith("cannot find symbol\nsymbol:"), d.get(0).message());
    assertEquals(3, d.get(1).line());
    assertTrue(d.get(1).message().startsWith("cannot find symbol\nsymbol:   class Absent"), d.get(1).message());
  }

  @Test
  void mavensShapeOnceEvenThoughMavenPrintsItTwiceWithTheSourceLineReadFromTheFile() throws Exception {
    Path src = write("src/main/java/demo/Greeting.java", BROKEN);
    String mvn = "[INFO] Compiling 1 source file\n"
        + "[ERROR] COMPILATION ERROR : \n"
        + "[ERROR] " + src + ":[5,13] ';' expected\n"
        + "[INFO] 1 error\n"
        + "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.13.0:compile\n"
        + "[ERROR] " + src + ":[5,13] ';' expected\n"
        + "[ERROR] -> [Help 1]\n";
    List<Diagnostic> d = Diagnostics.parse(mvn, dir);
    assertEquals(List.of(new Diagnostic("src/main/java/demo/Greeting.java", src.toString(), 5, 13, "error",
        "';' expected", "\t\treturn \"x\"")), d);
  }

  @Test
  void outputWithoutDiagnosticsGivesNone() {
    assertEquals(List.of(), Diagnostics.parse("cannot run the build command (make): No such file\n", dir));
    assertEquals(List.of(), Diagnostics.parse("", dir));
  }

  @Test
  void aFileOutsideTheWorkingDirectoryKeepsItsPath() {
    List<Diagnostic> d = Diagnostics.parse("/elsewhere/A.java:3: warning: [deprecation] old\n", dir);
    assertEquals("/elsewhere/A.java", d.get(0).file());
    assertEquals("warning", d.get(0).severity());
    assertEquals(0, d.get(0).column());
  }

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }
}
