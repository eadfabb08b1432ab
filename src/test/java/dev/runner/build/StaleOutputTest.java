package dev.runner.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runner.build.StaleOutput.ClassOutput;
import dev.runner.build.StaleOutput.Facts;
import dev.runner.build.StaleOutput.Full;
import dev.runner.build.StaleOutput.Partial;
import dev.runner.build.StaleOutput.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which sources are out of date against an output directory the runner did not write, on made-up times. */
class StaleOutputTest {
  private static final Path ROOT = Path.of("/shop/app/src/main/java");
  private static final Path GENERATED = Path.of("/shop/app/target/generated-sources/annotations");
  private static final Path OUT = Path.of("/shop/app/target/classes");
  private static final Path APP = ROOT.resolve("a/App.java");
  private static final Path HELPERS = ROOT.resolve("a/Helpers.java");

  /** Maven compiled at 100: App and Helpers (whose only class is {@code a.Util}), nothing newer since. */
  private final Map<Path, Long> sources = new HashMap<>(Map.of(APP, 50L, HELPERS, 50L));
  private final List<ClassOutput> classes = new ArrayList<>(List.of(
      output("a/App", "a/App.java", APP, 100), output("a/App$1", "a/App.java", APP, 100),
      output("a/Util", "a/Helpers.java", HELPERS, 100)));
  private final Map<String, Long> inputs = new HashMap<>(Map.of("spring-web-7.0.jar", 10L, "pom.xml", 20L,
      "lib/target/classes", 90L));
  private Optional<Set<Path>> mavenSources = Optional.of(Set.of(APP, HELPERS));
  private final Map<String, Long> dirs = new HashMap<>(Map.of("src/main/java", 5L, "src/main/java/a", 40L));
  private boolean processors;
  private Optional<String> settingsChanged = Optional.empty();
  private long vouched = Long.MIN_VALUE;

  private static ClassOutput output(String name, String sourcePath, Path source, long millis) {
    return new ClassOutput(OUT.resolve(name + ".class"), sourcePath, source, millis);
  }

  private Verdict decide() {
    return StaleOutput.decide(new Facts(OUT, "target/classes", List.of(ROOT, GENERATED), sources, classes, inputs,
        mavenSources, dirs, processors, settingsChanged, vouched));
  }

  private String fullReason() {
    Verdict v = decide();
    return v instanceof Full f ? f.reason() : "partial: " + v;
  }

  @Test
  void rightAfterMavensCompileNothingIsOutOfDate() {
    assertEquals(new Partial(Set.of(), Set.of(), 2), decide());
  }

  @Test
  void aSourceEditedAfterItsClassesWereWrittenIsOutOfDateAndOnlyIt() {
    sources.put(APP, 150L);
    assertEquals(new Partial(Set.of(APP), Set.of(), 2), decide());
    sources.put(APP, 100L); // the same millisecond: cannot tell which came first
    assertEquals(new Partial(Set.of(APP), Set.of(), 2), decide());
  }

  @Test
  void aSourceIsJudgedByTheOldestClassItProduced() {
    classes.set(1, output("a/App$1", "a/App.java", APP, 95)); // left over from an older compile of App
    sources.put(APP, 97L);
    assertEquals(new Partial(Set.of(APP), Set.of(), 2), decide());
  }

  @Test
  void aSourceWhoseTypesHaveOtherNamesIsMappedThroughTheClassFilesNotItsName() {
    sources.put(HELPERS, 150L);
    assertEquals(new Partial(Set.of(HELPERS), Set.of(), 2), decide(), "a/Util.class comes from Helpers.java");
  }

  @Test
  void aSourceWithNoClassFileIsOutOfDate() {
    Path fresh = ROOT.resolve("a/Fresh.java");
    sources.put(fresh, 10L); // older than everything, yet never compiled (or it declares no class at all)
    assertEquals(new Partial(Set.of(fresh), Set.of(), 3), decide());
  }

  @Test
  void aDeletedSourceMavenListedTakesItsClassesWithIt() {
    Path gone = ROOT.resolve("a/Gone.java");
    mavenSources = Optional.of(Set.of(APP, HELPERS, gone));
    classes.add(output("a/Gone", "a/Gone.java", null, 100));
    assertEquals(new Partial(Set.of(), Set.of(gone), 2), decide());
    processors = true; // Maven's list says whose it was, whoever else writes class files
    assertEquals(new Partial(Set.of(), Set.of(gone), 2), decide());
  }

  @Test
  void aDeletedSourceWithNoListIsTakenFromItsClassFileWhenNoProcessorRuns() {
    mavenSources = Optional.empty();
    classes.add(output("a/Gone", "a/Gone.java", null, 100));
    assertEquals(new Partial(Set.of(), Set.of(ROOT.resolve("a/Gone.java")), 2), decide());
  }

  @Test
  void aClassNothingExplainsMeansTheFullCompile() {
    mavenSources = Optional.empty();
    processors = true;
    classes.add(output("a/$App$Definition", "a/App.java", null, 100)); // a processor's, or a deleted source's?
    assertEquals("target/classes/a/$App$Definition.class has no source, and an annotation processor may have"
        + " written it", fullReason());
    processors = false;
    classes.set(3, output("a/Script", "a/Script.groovy", null, 100));
    assertEquals("target/classes/a/Script.class has no source, and nothing tells where it came from", fullReason());
  }

  @Test
  void aDeletedSourceIsReportedEvenWhenTheCompileIsFullAnyway() {
    inputs.put("spring-web-7.0.jar", 200L);
    classes.add(output("a/Gone", "a/Gone.java", null, 100));
    mavenSources = Optional.empty();
    assertEquals(new Full("spring-web-7.0.jar newer than target/classes", Set.of(ROOT.resolve("a/Gone.java"))),
        decide());
  }

  @Test
  void anythingCompiledAgainstThatIsNewerThanTheOldestClassFileMeansTheFullCompile() {
    inputs.put("lombok-1.18.42.jar", 100L);
    assertEquals("lombok-1.18.42.jar newer than target/classes", fullReason());
    inputs.remove("lombok-1.18.42.jar");
    inputs.put("pom.xml", 101L);
    assertEquals("pom.xml newer than target/classes", fullReason());
    inputs.put("pom.xml", 20L);
    inputs.put("lib/target/classes", 120L);
    assertEquals("lib/target/classes newer than target/classes", fullReason());
  }

  @Test
  void theRunnersLastCompileVouchesForWhatIsOlderThanIt() {
    inputs.put("lib/target/classes", 120L); // the runner compiled lib at 120, and then app at 125
    vouched = 125L;
    assertEquals(new Partial(Set.of(), Set.of(), 2), decide());
    inputs.put("lib/target/classes", 130L); // lib compiled again since
    assertEquals("lib/target/classes newer than target/classes", fullReason());
  }

  @Test
  void withoutMavensListAChangedSourceDirectoryMeansTheFullCompile() {
    mavenSources = Optional.empty();
    assertEquals(new Partial(Set.of(), Set.of(), 2), decide());
    dirs.put("src/main/java/a", 130L); // a file came or went there; which, no list tells
    assertEquals("src/main/java/a changed after target/classes was written (a source added or deleted?), and no"
        + " list of Maven's tells which", fullReason());
    mavenSources = Optional.of(Set.of(APP, HELPERS));
    assertEquals(new Partial(Set.of(), Set.of(), 2), decide(), "with the list, a deletion shows there");
  }

  @Test
  void aKnownReasonAnEmptyOutputAndOrphansOnlyMeanTheFullCompile() {
    settingsChanged = Optional.of("the API of shop-lib changed in this compile");
    assertEquals("the API of shop-lib changed in this compile", fullReason());
    settingsChanged = Optional.empty();
    classes.clear();
    assertEquals("no class file in target/classes comes from a source there", fullReason());
  }

  @Test
  void aModuleHasASourceRoot() {
    assertThrows(IllegalArgumentException.class, () -> new Facts(OUT, "target/classes", List.of(), sources, classes,
        inputs, mavenSources, dirs, processors, settingsChanged, vouched));
  }
}
