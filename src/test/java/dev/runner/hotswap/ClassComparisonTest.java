package dev.runner.hotswap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runner.hotswap.ClassChange.BodyOnly;
import dev.runner.hotswap.ClassChange.Structural;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real pairs: a source compiled, edited, compiled again, and the two class files compared. */
class ClassComparisonTest {
  private static final String ANNOTATIONS = """
      package a;
      import java.lang.annotation.*;
      @Retention(RetentionPolicy.RUNTIME) @interface PostConstruct {}
      @Retention(RetentionPolicy.RUNTIME) @interface KafkaListener { String value() default ""; }
      @Retention(RetentionPolicy.RUNTIME) @interface Marker { String value(); }
      """;
  private static final String GREETING = """
      package a;
      import java.util.function.Function;
      public class Greeting implements Runnable {
        private final String who;
        public Greeting(String who) { this.who = who; }
        public String greet(String name) { return "Hello, " + name; }
        public int size(int n) { switch (n) { case 1: return 10; case 2: return 20; case 3: return 30; default: return 0; } }
        public int sparse(int n) { switch (n) { case 1: return 1; case 1000: return 2; default: return -1; } }
        @PostConstruct void init() { System.out.println("init"); }
        @KafkaListener("orders") void onOrder(String order) { System.out.println(order); }
        @Marker("one") public void marked() {}
        public Function<String, String> shout() { return s -> s.toUpperCase(); }
        public void run() { System.out.println(greet(who)); }
      }
      """;

  @TempDir Path dir;

  @Test
  void aBodyEditChangesThatMethodOnly() throws IOException {
    assertEquals(bodyOnly("a/Greeting", "Greeting.greet(String)"),
        compare("return \"Hello, \" + name;", "return \"Hello, \" + name.trim();"));
  }

  @Test
  void aStringConstantIsABodyChange() throws IOException {
    assertEquals(bodyOnly("a/Greeting", "Greeting.greet(String)"), compare("\"Hello, \"", "\"Hi, \""));
  }

  @Test
  void aMovedLineChangesNoMethodButStaysBodyOnly() throws IOException {
    assertEquals(bodyOnly("a/Greeting"), compare("import java.util.function.Function;",
        "import java.util.function.Function;\n\n\n"));
  }

  @Test
  void switchesCompareByMeaning() throws IOException {
    assertEquals(bodyOnly("a/Greeting", "Greeting.size(int)"), compare("case 2: return 20;", "case 2: return 21;"));
    assertEquals(bodyOnly("a/Greeting", "Greeting.sparse(int)"), compare("case 1000: return 2;", "case 999: return 2;"));
  }

  @Test
  void aFieldAddedIsStructural() throws IOException {
    assertEquals(structural("field added: Greeting.count"),
        compare("private final String who;", "private final String who; int count;"));
  }

  @Test
  void aChangedSignatureIsStructural() throws IOException {
    assertEquals(structural("method signature changed: Greeting.greet(String, int)"),
        compare("greet(String name)", "greet(String name, int times)", "greet(who)", "greet(who, 1)"));
  }

  @Test
  void anAddedMethodIsStructural() throws IOException {
    assertEquals(structural("method added: Greeting.wave(String[])"),
        compare("public void run()", "void wave(String[] names) {} public void run()"));
  }

  @Test
  void aChangedConstructorIsStructural() throws IOException {
    assertEquals(structural("constructor changed: Greeting.<init>(String)"),
        compare("this.who = who;", "this.who = who.strip();"));
  }

  @Test
  void aChangedStaticInitializerIsStructural() throws IOException {
    String[] withStatic = {"private final String who;", "private final String who; static int n = 1;"};
    assertEquals(structural("static initializer changed: Greeting.<clinit>()"),
        compareFrom(withStatic, "static int n = 1;", "static int n = 2;"));
  }

  @Test
  void aChangedLifecycleMethodIsStructural() throws IOException {
    assertEquals(structural("@PostConstruct method changed: Greeting.init()"), compare("\"init\"", "\"init!\""));
    assertEquals(structural("@KafkaListener method changed: Greeting.onOrder(String)"),
        compare("println(order)", "println(order.trim())"));
  }

  @Test
  void aChangedMainIsStructural() throws IOException {
    String[] withMain = {"public void run()", "public static void main(String[] args) { } public void run()"};
    assertEquals(structural("main method changed: Greeting.main(String[])"),
        compareFrom(withMain, "main(String[] args) { }", "main(String[] args) { System.exit(1); }"));
  }

  @Test
  void aLambdaBodyIsABodyChangeButAnAddedLambdaIsStructural() throws IOException {
    assertEquals(bodyOnly("a/Greeting", "Greeting.lambda$shout$0(String)"),
        compare("s -> s.toUpperCase()", "s -> s.toUpperCase() + \"!\""));
    assertEquals(structural("lambda added: Greeting.greet"),
        compare("return \"Hello, \" + name;", "return ((Function<String, String>) x -> \"Hello, \" + x).apply(name);"));
  }

  @Test
  void changedInterfacesAreStructural() throws IOException {
    assertEquals(structural("interfaces changed: Greeting"),
        compare("implements Runnable {", "implements Runnable, java.io.Serializable {"));
  }

  @Test
  void annotationChangesAreStructural() throws IOException {
    assertEquals(structural("annotations changed: Greeting.marked()"), compare("@Marker(\"one\")", "@Marker(\"two\")"));
    assertEquals(structural("annotations changed: Greeting"),
        compare("public class Greeting", "@Marker(\"c\") public class Greeting"));
  }

  @Test
  void aNestedClassAddedChangesTheInnerClassesOfItsOuter() throws IOException {
    assertEquals(structural("inner classes changed: Greeting"),
        compare("public void run()", "static class Inner {} public void run()"));
  }

  @Test
  void theClassFileVersionCounts() throws IOException {
    Javac javac = new Javac(dir);
    Map<String, String> sources = Map.of("a/V.java", "package a; class V {}");
    byte[] old = javac.compile(sources, "--release", "11").get("a.V");
    byte[] now = javac.compile(sources, "--release", "17").get("a.V");
    assertEquals(structural("class file version changed: V (55 -> 61)"), ClassComparison.compare(old, now));
  }

  @Test
  void enums() throws IOException {
    String color = "package a; public enum Color { RED, GREEN; String hex() { return \"#f00\"; } }";
    assertEquals(bodyOnly("a/Color", "Color.hex()"), compareSource("a/Color", color, color.replace("#f00", "#e00")));
    assertEquals(structural("field added: Color.BLUE"),
        compareSource("a/Color", color, color.replace("GREEN;", "GREEN, BLUE;")));
  }

  @Test
  void records() throws IOException {
    String point = "package a; public record Point(int x, int y) { int sum() { return x + y; } }";
    assertEquals(bodyOnly("a/Point", "Point.sum()"), compareSource("a/Point", point, point.replace("x + y", "y + x")));
    assertEquals(structural("record components changed: Point"),
        compareSource("a/Point", point, point.replace("int y)", "int y, int z)")));
  }

  @Test
  void aShiftedConstantPoolChangesNoOtherMethod() throws IOException {
    // 300 new strings in one method push the other's constant past index 255: ldc becomes ldc_w,
    // and every branch offset after it moves; 300 locals make the third method use wide loads
    StringBuilder many = new StringBuilder();
    StringBuilder locals = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      many.append("s += \"c").append(i).append("\";");
      locals.append("int v").append(i).append(" = ").append(i).append(";");
    }
    String source = "package a; class Big { String first(String s) { return s; }"
        + " String second(int n) { if (n > 0) { return \"x\"; } for (int i = 0; i < n; i++) { n--; } return \"y\" + n; }"
        + " int third() { " + locals + " v299++; return v299; } }";
    String edited = source.replace("return s; }", many + " return s; }");
    assertEquals(bodyOnly("a/Big", "Big.first(String)"), compareSource("a/Big", source, edited));
  }

  @Test
  void unreadableBytesAreStructural() {
    assertEquals(structural("cannot read a class file: not a class file"),
        ClassComparison.compare("nope, not one".getBytes(), "nope, not one".getBytes()));
  }

  @Test
  void aStructuralChangeNeedsAOneLineReason() {
    assertThrows(IllegalArgumentException.class, () -> new Structural("two\nlines"));
    assertThrows(IllegalArgumentException.class, () -> new Structural(" "));
  }

  /** GREETING as it is against GREETING with each {@code from, to} pair replaced. */
  private ClassChange compare(String... fromTo) throws IOException {
    return compareSource("a/Greeting", GREETING, replace(GREETING, fromTo), ANNOTATIONS);
  }

  /** GREETING with {@code base} replaced, against that with each further pair replaced. */
  private ClassChange compareFrom(String[] base, String... fromTo) throws IOException {
    String old = replace(GREETING, base);
    return compareSource("a/Greeting", old, replace(old, fromTo), ANNOTATIONS);
  }

  private static String replace(String source, String... fromTo) {
    for (int i = 0; i < fromTo.length; i += 2) {
      if (!source.contains(fromTo[i])) {
        throw new IllegalArgumentException("the source has no '" + fromTo[i] + "'");
      }
      source = source.replace(fromTo[i], fromTo[i + 1]);
    }
    return source;
  }

  private ClassChange compareSource(String className, String old, String now, String... extra) throws IOException {
    Javac javac = new Javac(dir);
    String file = className + ".java";
    String name = className.replace('/', '.');
    Map<String, String> extras = extra.length == 0 ? Map.of() : Map.of("a/Annotations.java", extra[0]);
    byte[] before = javac.compile(with(extras, file, old)).get(name);
    byte[] after = javac.compile(with(extras, file, now)).get(name);
    return ClassComparison.compare(before, after);
  }

  private static Map<String, String> with(Map<String, String> extras, String file, String source) {
    Map<String, String> all = new HashMap<>(extras);
    all.put(file, source);
    return all;
  }

  private static ClassChange bodyOnly(String className, String... methods) {
    return new BodyOnly(className, List.of(methods));
  }

  private static ClassChange structural(String reason) {
    return new Structural(reason);
  }
}
