package dev.runner.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassFileInfoTest {
  @TempDir
  Path dir;

  @Test
  void readsReferencesApiAndConstants() throws Exception {
    assumeTrue(JavacBuild.available(), "needs a JDK (javax.tools compiler)");
    Project p = new Project(dir);
    p.write("a/Shown.java", "package a;", "public class Shown {}");
    p.write("a/Hidden.java", "package a;", "public class Hidden {}");
    p.write("a/InBody.java", "package a;", "public class InBody { public static void go() {} }");
    p.write("a/T.java", "package a;", "import java.util.List;",
        "public class T extends Number implements Runnable {",
        "  public static final long BIG = 1L << 40;",
        "  protected final String word = \"w\";",
        "  private static final int SECRET = 3;",
        "  public static final Object NOT_CONSTANT = new Object();",
        "  public List<Shown> shown() { InBody.go(); return null; }",
        "  private Hidden hidden(Hidden h) { return h; }",
        "  public void run() {}",
        "  public int intValue() { return 0; } public long longValue() { return 0; }",
        "  public float floatValue() { return 0; } public double doubleValue() { return 0; }",
        "}");
    try (JavacBuild build = p.build()) {
      assertTrue(build.compile(Set.of()).ok());
    }
    ClassFileInfo t = ClassFileInfo.parse(Files.readAllBytes(p.classFile("a.T")));
    assertEquals("a/T", t.name());
    assertEquals("T.java", t.sourceFile());
    assertEquals("a", t.packagePath());
    assertTrue(t.refs().containsAll(Set.of("a/Shown", "a/Hidden", "a/InBody", "java/util/List", "java/lang/Number")));
    assertFalse(t.refs().contains("a/T"), "a class does not depend on itself");
    assertTrue(t.apiRefs().containsAll(Set.of("java/lang/Number", "java/lang/Runnable", "java/util/List", "a/Shown")));
    assertFalse(t.apiRefs().contains("a/Hidden"), "private members are not API");
    assertFalse(t.apiRefs().contains("a/InBody"), "method bodies are not API");
    assertEquals(Map.of("BIG:J", 1L << 40, "word:Ljava/lang/String;", "w"), t.constants());
  }

  @Test
  void rejectsWhatIsNotAClassFile() {
    assertThrows(IOException.class, () -> ClassFileInfo.parse("not a class".getBytes()));
  }
}
