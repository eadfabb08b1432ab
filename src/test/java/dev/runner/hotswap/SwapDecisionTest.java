package dev.runner.hotswap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.runner.hotswap.SwapDecision.Restart;
import dev.runner.hotswap.SwapDecision.Swap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A class directory as a child started with it, then built again over it, as the runner sees it. */
class SwapDecisionTest {
  private static final String GREETING = "package a; public class Greeting { public String greet() { return \"Hello\"; } }";
  private static final String JOBS = "package a; class Jobs { void tick() { System.out.println(1); } }";

  @TempDir Path dir;
  private Path classes;
  private ClassBaseline baseline;

  @BeforeEach
  void startedChild() throws IOException {
    classes = dir.resolve("classes");
    Javac.compileInto(dir.resolve("src0"), classes, Map.of("a/Greeting.java", GREETING, "a/Jobs.java", JOBS));
    baseline = ClassBaseline.capture(List.of(classes, dir.resolve("not-built-yet")));
    assertEquals(2, baseline.size());
  }

  @Test
  void bodyEditsInSeveralClassesSwapTogether() throws IOException {
    build(Map.of("a/Greeting.java", GREETING.replace("Hello", "Hi"), "a/Jobs.java", JOBS.replace("(1)", "(2)")));
    Swap swap = assertInstanceOf(Swap.class, decide("a/Greeting.class", "a/Jobs.class"));
    assertEquals("body changed: Greeting.greet(), Jobs.tick()", swap.reason());
    assertEquals(List.of("a.Greeting", "a.Jobs"), swap.classes().stream().map(SwapDecision.SwapClass::name).toList());
    assertArrayEquals(Files.readAllBytes(classes.resolve("a/Greeting.class")), swap.classes().get(0).bytes());
  }

  @Test
  void oneStructuralClassRestartsTheWholeChange() throws IOException {
    build(Map.of("a/Greeting.java", GREETING.replace("Hello", "Hi"),
        "a/Jobs.java", JOBS.replace("void tick()", "int count; void tick()")));
    assertEquals(new Restart("field added: Jobs.count"), decide("a/Greeting.class", "a/Jobs.class"));
  }

  @Test
  void anAddedClassRestarts() throws IOException {
    build(Map.of("a/Extra.java", "package a; class Extra {}"));
    assertEquals(new Restart("class added: a.Extra"), decide("a/Extra.class"));
  }

  @Test
  void aDeletedClassRestarts() throws IOException {
    Files.delete(classes.resolve("a/Jobs.class"));
    assertEquals(new Restart("class deleted: a.Jobs"), decide("a/Jobs.class"));
  }

  @Test
  void identicalBytesAreNoChange() throws IOException {
    build(Map.of("a/Greeting.java", GREETING));
    assertEquals(new Swap(List.of(), "no class changed"), decide("a/Greeting.class"));
  }

  @Test
  void aSwapMovesTheBaselineOn() throws IOException {
    build(Map.of("a/Greeting.java", GREETING.replace("Hello", "Hi")));
    Swap swap = (Swap) decide("a/Greeting.class");
    baseline = baseline.after(Map.of(swap.classes().get(0).file(), swap.classes().get(0).bytes()));
    assertEquals(new Swap(List.of(), "no class changed"), decide("a/Greeting.class"));
  }

  @Test
  void whatIsNotAClassFileInTheDirectoriesRestarts() throws IOException {
    Files.writeString(classes.resolve("app.properties"), "x=1");
    assertEquals(new Restart("not a class file: app.properties"), decide("app.properties"));
    Path elsewhere = dir.resolve("other/B.class");
    assertEquals(new Restart("outside the class directories: " + elsewhere),
        SwapDecision.decide(baseline, Set.of(elsewhere)));
  }

  private void build(Map<String, String> sources) throws IOException {
    Javac.compileInto(dir.resolve("src" + System.nanoTime()), classes, sources);
  }

  private SwapDecision.Decision decide(String... relative) {
    return SwapDecision.decide(baseline, Arrays.stream(relative).map(classes::resolve).toList());
  }
}
