package dev.runner.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class JavacBuildTest {
  @TempDir
  Path dir;
  Project p;

  @BeforeEach
  void setUp() throws IOException {
    assumeTrue(JavacBuild.available(), "needs a JDK (javax.tools compiler)");
    p = new Project(dir);
    p.write("p/A.java", "package p;", "public class A {", "  public static String hi() { return \"a1\"; }", "}");
    p.write("p/B.java", "package p;", "public class B {", "  public static String hi() { return \"B sees \" + A.hi(); }", "}");
    p.write("p/C.java", "package p;", "public class C {", "  public static String hi() { return B.hi(); }", "}");
    p.write("p/D.java", "package p;", "public class D {", "  static class Inner {}", "  Object o = new Inner();", "}");
    p.write("p/E.java", "package p;", "public class E {}");
    p.write("p/F.java", "package p;", "public class F {}");
  }

  @Test
  void firstCompileIsFullThenAChangeCompilesItAndWhatUsesIt() throws Exception {
    try (JavacBuild build = p.build()) {
      JavacBuild.Result first = build.compile(Set.of());
      assertTrue(first.ok(), first.diagnostics().toString());
      assertTrue(first.full());
      assertEquals(6, first.filesCompiled());
      assertEquals("B sees a1", p.call("p.B", "hi"));

      p.write("p/A.java", "package p;", "public class A {", "  public static String hi() { return \"a2\"; }", "}");
      JavacBuild.Result second = build.compile(Set.of(p.source("p/A.java")));
      assertTrue(second.ok(), second.diagnostics().toString());
      assertFalse(second.full());
      // C only calls B: B's API does not mention A, so C cannot see the change
      assertEquals(Set.of(p.source("p/A.java"), p.source("p/B.java")), second.compiled());
      assertEquals("B sees a2", p.call("p.C", "hi"));

      assertEquals(0, build.compile(Set.of(dir.resolve("notes.txt"))).filesCompiled());
    }
  }

  @Test
  void aChangeToASuperclassReachesTheUsersOfItsSubclasses() throws Exception {
    p.write("q/Base.java", "package q;", "public class Base {", "  public String m() { return \"m\"; }", "}");
    p.write("q/Sub.java", "package q;", "public class Sub extends Base {}");
    p.write("q/User.java", "package q;", "public class User {", "  public static String go() { return new Sub().m(); }", "}");
    try (JavacBuild build = p.build()) {
      assertTrue(build.compile(Set.of()).ok());
      Path base = p.write("q/Base.java", "package q;", "public class Base {", "  public String n() { return \"n\"; }", "}");
      JavacBuild.Result r = build.compile(Set.of(base));
      assertFalse(r.ok(), "User calls the removed Base.m() through Sub");
      assertTrue(r.diagnostics().get(0).startsWith(p.source("q/User.java") + ":3: error: cannot find symbol"),
          r.diagnostics().get(0));
    }
  }

  @Test
  void aChangedConstantRecompilesItsUsersThoughTheirClassFilesDoNotReferToIt() throws Exception {
    // javac 9+ leaves a CONSTANT_Class for the owner of an inlined constant in most uses, but not
    // for a case label, nor for a constant computed from another class's constant (U2 -> K2 -> K)
    Path k = p.write("k/K.java", "package k;", "public class K {", "  public static final int N = 1;",
        "  public static String body() { return \"x\"; }", "}");
    p.write("k/K2.java", "package k;", "public class K2 {", "  public static final int TEN_N = K.N * 10;", "}");
    p.write("k/U1.java", "package k;", "public class U1 {", "  public static String get() {",
        "    switch (1) { case K.N: return \"one\"; default: return \"not one\"; }", "  }", "}");
    p.write("k/U2.java", "package k;", "public class U2 {", "  public static int get() { return K2.TEN_N; }", "}");
    try (JavacBuild build = p.build()) {
      assertTrue(build.compile(Set.of()).ok());
      assertEquals("one", p.call("k.U1", "get"));
      assertEquals(10, p.call("k.U2", "get"));
      for (String user : List.of("k.U1", "k.U2")) {
        assertFalse(ClassFileInfo.parse(Files.readAllBytes(p.classFile(user))).refs().contains("k/K"), user);
      }

      p.write("k/K.java", "package k;", "public class K {", "  public static final int N = 2;",
          "  public static String body() { return \"x\"; }", "}");
      JavacBuild.Result r = build.compile(Set.of(k));
      assertTrue(r.ok(), r.diagnostics().toString());
      assertTrue(r.full(), "a changed constant falls back to compiling the module");
      assertEquals("not one", p.call("k.U1", "get"));
      assertEquals(20, p.call("k.U2", "get"));

      p.write("k/K.java", "package k;", "public class K {", "  public static final int N = 2;",
          "  public static String body() { return \"y\"; }", "}");
      JavacBuild.Result bodyOnly = build.compile(Set.of(k));
      assertFalse(bodyOnly.full(), "constants unchanged: no need for the whole module");
      assertEquals(Set.of(k, p.source("k/K2.java")), bodyOnly.compiled());
    }
  }

  @Test
  void aDeletedSourceTakesItsClassesWithIt() throws Exception {
    try (JavacBuild build = p.build()) {
      assertTrue(build.compile(Set.of()).ok());
      assertTrue(Files.exists(p.classFile("p.D$Inner")));
      Files.delete(p.source("p/D.java"));
      JavacBuild.Result r = build.compile(Set.of(p.source("p/D.java")));
      assertTrue(r.ok(), r.diagnostics().toString());
      assertEquals(Set.of("p.A", "p.B", "p.C", "p.E", "p.F"), p.classes());
    }
  }

  @Test
  void deletingAClassStillInUseFailsAndKeepsEveryClassFile() throws Exception {
    try (JavacBuild build = p.build()) {
      assertTrue(build.compile(Set.of()).ok());
      Map<Path, String> before = p.snapshot();
      Files.delete(p.source("p/A.java"));
      JavacBuild.Result r = build.compile(Set.of(p.source("p/A.java")));
      assertFalse(r.ok(), "B uses A; the old A.class must not make B compile");
      assertTrue(r.diagnostics().get(0).startsWith(p.source("p/B.java") + ":3: error: cannot find symbol"),
          r.diagnostics().toString());
      assertEquals(before, p.snapshot());
    }
  }

  @Test
  void aRemovedInnerClassFileIsDeleted() throws Exception {
    Path foo = p.write("p/Foo.java", "package p;", "public class Foo {",
        "  Runnable r = new Runnable() { public void run() {} };", "}");
    try (JavacBuild build = p.build()) {
      assertTrue(build.compile(Set.of()).ok());
      assertTrue(Files.exists(p.classFile("p.Foo$1")));
      p.write("p/Foo.java", "package p;", "public class Foo {", "  Runnable r = () -> {};", "}");
      JavacBuild.Result r = build.compile(Set.of(foo));
      assertTrue(r.ok(), r.diagnostics().toString());
      assertFalse(r.full());
      assertFalse(Files.exists(p.classFile("p.Foo$1")));
      assertTrue(Files.exists(p.classFile("p.Foo")));
    }
  }

  @Test
  void aRemovedSecondaryClassIsAnErrorInItsUsersNotAtRunTime() throws Exception {
    Path foo = p.write("p/Foo.java", "package p;", "public class Foo {}", "class Helper {}");
    p.write("p/Bar.java", "package p;", "public class Bar {", "  Object h = new Helper();", "}");
    try (JavacBuild build = p.build()) {
      assertTrue(build.compile(Set.of()).ok());
      p.write("p/Foo.java", "package p;", "public class Foo {}");
      JavacBuild.Result r = build.compile(Set.of(foo));
      assertFalse(r.ok());
      assertTrue(r.diagnostics().get(0).startsWith(p.source("p/Bar.java") + ":3: error: cannot find symbol"),
          r.diagnostics().toString());
      assertTrue(Files.exists(p.classFile("p.Helper")), "a failed compile deletes nothing");
    }
  }

  @Test
  void aSyntaxErrorReportsFileAndLineAndKeepsTheOldClassesUntilItIsFixed() throws Exception {
    try (JavacBuild build = p.build()) {
      assertTrue(build.compile(Set.of()).ok());
      Map<Path, String> before = p.snapshot();
      Path b = p.write("p/B.java", "package p;", "public class B {", "  public static String hi() { return \"broken\" }", "}");
      JavacBuild.Result broken = build.compile(Set.of(b));
      assertFalse(broken.ok());
      assertEquals(b + ":3: error: ';' expected\n"
          + "  public static String hi() { return \"broken\" }\n"
          + "                                             ^", broken.diagnostics().get(0));
      assertEquals(before, p.snapshot());
      assertEquals("B sees a1", p.call("p.B", "hi"));

      p.write("p/B.java", "package p;", "public class B {", "  public static String hi() { return \"fixed\"; }", "}");
      JavacBuild.Result fixed = build.compile(Set.of(b));
      assertTrue(fixed.ok(), fixed.diagnostics().toString());
      assertTrue(fixed.full(), "after a failure the next compile covers the module");
      assertEquals("fixed", p.call("p.C", "hi"));
    }
  }

  @Test
  void aNewClassThatShadowsAnImportedOneRecompilesItsUsers() throws Exception {
    p.write("p/Uses.java", "package p;", "import java.util.*;", "public class Uses {",
        "  public static int size() { List<String> l = new ArrayList<>(); return l.size(); }", "}");
    try (JavacBuild build = p.build()) {
      assertTrue(build.compile(Set.of()).ok());
      Path list = p.write("p/List.java", "package p;", "public class List<T> {}");
      JavacBuild.Result r = build.compile(Set.of(list));
      assertFalse(r.ok(), "p.List now wins over java.util.List in Uses");
      assertTrue(r.diagnostics().stream().anyMatch(d -> d.startsWith(p.source("p/Uses.java") + ":4: error:")),
          r.diagnostics().toString());
    }
  }

  @Test
  void compilesAgainstAJarAndSeesTheJarRebuilt() throws Exception {
    Path jar = dir.resolve("lib.jar");
    writeJar(jar, "public String v() { return \"lib1\"; }");
    p.write("app/App.java", "package app;", "public class App {",
        "  public static String go() { return new lib.Lib().v(); }", "}");
    try (JavacBuild build = p.build(jar)) {
      JavacBuild.Result r = build.compile(Set.of());
      assertTrue(r.ok(), r.diagnostics().toString());
      assertEquals("lib1", p.call("app.App", "go", jar));

      writeJar(jar, "public String v() { return \"lib1\"; } public String w() { return \"lib2\"; }");
      Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
      Path app = p.write("app/App.java", "package app;", "public class App {",
          "  public static String go() { return new lib.Lib().w(); }", "}");
      JavacBuild.Result again = build.compile(Set.of(app));
      assertTrue(again.ok(), again.diagnostics().toString());
      assertEquals("lib2", p.call("app.App", "go", jar));
    }
  }

  @Test
  void compilesAgainstAJarFromTheTestClassPath() throws Exception {
    Path jar = Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    p.write("app/Cli.java", "package app;", "import picocli.CommandLine;", "public class Cli {",
        "  public static String version() { return CommandLine.VERSION; }", "}");
    try (JavacBuild build = p.build(jar)) {
      JavacBuild.Result r = build.compile(Set.of());
      assertTrue(r.ok(), r.diagnostics().toString());
      assertEquals(CommandLine.VERSION, p.call("app.Cli", "version"));
    }
  }

  @Test
  void leavesResourcesAndClassesOfUnknownSourcesAlone() throws Exception {
    Project other = new Project(Files.createTempDirectory(dir, "other"));
    other.write("gen/Generated.java", "package gen;", "public class Generated {}");
    try (JavacBuild build = other.build()) {
      assertTrue(build.compile(Set.of()).ok());
    }
    Files.createDirectories(p.classFile("gen.Generated").getParent());
    Files.copy(other.classFile("gen.Generated"), p.classFile("gen.Generated"));
    Files.writeString(p.out.resolve("app.properties"), "k=v\n");
    Files.writeString(p.out.resolve("Broken.class"), "not a class");
    try (JavacBuild build = p.build()) {
      assertTrue(build.compile(Set.of()).ok());
      Files.delete(p.source("p/F.java"));
      assertTrue(build.compile(Set.of(p.source("p/F.java"))).ok());
      assertFalse(Files.exists(p.classFile("p.F")));
      assertTrue(Files.exists(p.classFile("gen.Generated")));
      assertEquals("k=v\n", Files.readString(p.out.resolve("app.properties")));
      assertTrue(Files.exists(p.out.resolve("Broken.class")));
    }
  }

  @Test
  void anOutputDirectoryDeletedUnderItIsBuiltAgainInFull() throws Exception {
    try (JavacBuild build = p.build()) {
      assertTrue(build.compile(Set.of()).ok());
      deleteTree(p.out);
      JavacBuild.Result r = build.compile(Set.of(p.source("p/E.java")));
      assertTrue(r.ok(), r.diagnostics().toString());
      assertTrue(r.full());
      assertEquals("B sees a1", p.call("p.C", "hi"));
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (var all = Files.walk(root)) {
      for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }

  /** A jar holding {@code lib.Lib} with the given members, compiled by a JavacBuild of its own. */
  private void writeJar(Path jar, String members) throws IOException {
    Project lib = new Project(Files.createTempDirectory(dir, "lib"));
    lib.write("lib/Lib.java", "package lib;", "public class Lib {", members, "}");
    try (JavacBuild build = lib.build()) {
      assertTrue(build.compile(Set.of()).ok());
    }
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("lib/Lib.class"));
      out.write(Files.readAllBytes(lib.classFile("lib.Lib")));
      out.closeEntry();
    }
  }
}
