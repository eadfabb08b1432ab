package dev.runner.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.config.AppSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NoRestartTest {
  private static final Path ROOT = Path.of("/p");
  private static final Path RESOURCES = ROOT.resolve("src/main/resources");
  private static final Path CLASSES = ROOT.resolve("target/classes");
  private static final Path SOURCES = ROOT.resolve("src/main/java");

  @Test
  void staticFilesAndTemplatesBelowAWatchedClassPathDirectoryThatIsNotTheClassOutputNeedNoRestart() {
    NoRestart n = new NoRestart(List.of(SOURCES, RESOURCES, CLASSES), List.of(RESOURCES, CLASSES, Path.of("/m2/x.jar")),
        Optional.of(CLASSES), AppSettings.NO_RESTART, ROOT);
    assertEquals(List.of(RESOURCES), n.roots());
    for (String file : List.of("static/app.css", "public/js/a/b.js", "templates/index.html",
        "META-INF/resources/x.png", "resources/y.txt")) {
      assertTrue(n.why(RESOURCES.resolve(file)).isPresent(), file);
    }
    assertEquals(Optional.of("templates/** below src/main/resources, a resource root the app reads as it is now"),
        n.why(RESOURCES.resolve("templates/index.html")));
    for (Path restarts : List.of(RESOURCES.resolve("application.properties"), RESOURCES.resolve("db/static/x.sql"),
        CLASSES.resolve("static/app.css"), SOURCES.resolve("static/X.java"), RESOURCES)) {
      assertTrue(n.why(restarts).isEmpty(), restarts.toString());
    }
  }

  @Test
  void theGlobsAreTheUsersWhenGivenAndAClassDirectoryCountsWhenNothingIsCompiledToIt() {
    NoRestart n = new NoRestart(List.of(CLASSES), List.of(CLASSES), Optional.empty(), List.of("*.css"), ROOT);
    assertTrue(n.why(CLASSES.resolve("a/b/site.css")).isPresent());
    assertTrue(n.why(CLASSES.resolve("static/x.js")).isEmpty());
    assertTrue(new NoRestart(List.of(CLASSES), List.of(), Optional.empty(), List.of("*.css"), ROOT)
        .why(CLASSES.resolve("site.css")).isEmpty(), "not on the class path: the app would not see it");
  }

  @Test
  void aDirectoryTheBuildCopiesCountsAsARootToo() {
    NoRestart n = new NoRestart(List.of(SOURCES, RESOURCES, CLASSES), List.of(CLASSES), Optional.of(CLASSES),
        List.of("templates/**"), ROOT);
    Path template = RESOURCES.resolve("templates/index.html");
    assertTrue(n.why(template).isEmpty(), "not on the class path and not copied: the app would not see it");
    assertTrue(n.plus(List.of(RESOURCES)).why(template).isPresent(), "copied onto the class path by the build");
    assertTrue(n.plus(List.of(RESOURCES)).why(RESOURCES.resolve("application.properties")).isEmpty());
    NoRestart copied = n.plus(List.of(RESOURCES, CLASSES)); // and the output directory the copies go to
    assertTrue(copied.why(CLASSES.resolve("templates/index.html")).isPresent(), "the copy the app reads");
    assertTrue(copied.why(CLASSES.resolve("templates/Page.class")).isEmpty(), "a class is never read as it is");
  }
}
