package dev.runner.watch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathFilterTest {
  private static final PathFilter DEFAULTS = new PathFilter(List.of(), List.of());

  @ParameterizedTest
  @ValueSource(strings = {
      ".git/objects/x", "a/.idea/workspace.xml", "Foo.java.swp", "src/Foo.java~", ".#Foo.java",
      "#Foo.java#", "4913", "x.tmp", "Foo.java___jb_tmp___", "a/.DS_Store"})
  void defaultIgnoresAreRejected(String path) {
    assertFalse(DEFAULTS.accepts(Path.of(path)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"src/App.java", "com/x/App.class", "app.properties", "git/x", "a/49130"})
  void ordinaryFilesAreAccepted(String path) {
    assertTrue(DEFAULTS.accepts(Path.of(path)));
  }

  @Test
  void excludeWithoutSlashMatchesAnyName() {
    PathFilter filter = new PathFilter(List.of(), List.of("*.log"));
    assertFalse(filter.accepts(Path.of("app.log")));
    assertFalse(filter.accepts(Path.of("logs/deep/app.log")));
    assertTrue(filter.accepts(Path.of("logs/app.txt")));
  }

  @Test
  void excludeWithSlashMatchesThePathBelowTheRoot() {
    PathFilter filter = new PathFilter(List.of(), List.of("generated/**"));
    assertFalse(filter.accepts(Path.of("generated/Foo.java")));
    assertFalse(filter.accepts(Path.of("generated/a/b/Foo.java")));
    assertTrue(filter.accepts(Path.of("src/generated/Foo.java")));
    assertTrue(filter.accepts(Path.of("src/Foo.java")));
  }

  @Test
  void includeRestrictsToMatchingFileNames() {
    PathFilter filter = new PathFilter(List.of("*.class"), List.of());
    assertTrue(filter.accepts(Path.of("a/B.class")));
    assertFalse(filter.accepts(Path.of("a/B.txt")));
  }

  @Test
  void includeDoesNotOverrideTheDefaultIgnores() {
    PathFilter filter = new PathFilter(List.of("*.class"), List.of());
    assertFalse(filter.accepts(Path.of(".git/B.class")));
  }

  @Test
  void matchesAnyTellsSourcesFromOtherFiles() {
    List<String> sources = List.of("*.java", "*.kt");
    assertTrue(PathFilter.matchesAny(sources, Path.of("src/App.java")));
    assertTrue(PathFilter.matchesAny(sources, Path.of("App.kt")));
    assertFalse(PathFilter.matchesAny(sources, Path.of("App.class")));
    assertFalse(PathFilter.matchesAny(List.of(), Path.of("App.java")));
  }

  @Test
  void aDirectoryIsHiddenWholeOnlyWhenAnExcludeMatchesItNotWhenAnIncludeMissesIt() {
    PathFilter filter = new PathFilter(List.of("*.class"), List.of("build", "generated/**"));
    assertTrue(filter.hidesDirectory(Path.of(".git")), "a default ignore");
    assertTrue(filter.hidesDirectory(Path.of("a/build")), "a name glob, at any depth");
    assertTrue(filter.hidesDirectory(Path.of("generated/sub")), "a path glob");
    assertFalse(filter.hidesDirectory(Path.of("com/example")), "may hold class files");
    assertFalse(filter.hidesDirectory(Path.of("src")), "not excluded, although src itself is no *.class");
  }
}
