package dev.runner.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.project.CompilerSettings;
import dev.runner.project.Module;
import dev.runner.project.ResourceRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resources that Maven copies (here: with includes), copied by the runner as they change. */
class ResourceSyncTest {
  @TempDir Path dir;

  private Module module() {
    CompilerSettings c = new CompilerSettings(Optional.of("17"), Optional.empty(), Optional.empty(), false,
        Optional.empty(), List.of(), Optional.empty(), List.of(), true);
    ResourceRoot resources = new ResourceRoot(dir.resolve("app/src/main/resources"), false, List.of("**/*"),
        List.of(), Optional.empty());
    return new Module("com.acme:app", dir.resolve("app"), "jar", List.of(dir.resolve("app/src/main/java")),
        dir.resolve("app/target/generated-sources/annotations"), List.of(resources), dir.resolve("app/target/classes"),
        List.of(), List.of(), Optional.empty(), c, Optional.empty(), "", List.of(), List.of(), List.of(), Map.of(),
        List.of());
  }

  @Test
  void aResourceDirectoryCreatedWithItsFilesAtOnceIsCopiedFromTheTopDirectorySeen() throws Exception {
    ResourceSync sync = new ResourceSync(module(), Optional.empty());
    Path top = dir.resolve("app/src/main"); // the watcher may report only the first new directory
    Path page = dir.resolve("app/src/main/resources/static/hello.html");
    assertTrue(sync.copiesFrom(top) && sync.copiesFrom(page) && sync.copiesFrom(page.getParent().getParent()),
        "the build is needed for the directory, the root and a file below it");
    Files.createDirectories(page.getParent());
    Files.writeString(page, "hello");
    sync.sync(Set.of(top));
    assertEquals("hello", Files.readString(dir.resolve("app/target/classes/static/hello.html")));
    assertTrue(!sync.copiesFrom(dir.resolve("app/src/main/java/App.java")), "sources are not resources");
  }
}
