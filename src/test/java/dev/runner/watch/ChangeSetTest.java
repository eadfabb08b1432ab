package dev.runner.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeSetTest {
  @TempDir Path base;

  private Path existing(String name) throws IOException {
    Path p = base.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, "x");
  }

  private Path deleted(String name) {
    return base.resolve(name);
  }

  @Test
  void oneExistingPathIsNamedRelativeToTheBase() throws IOException {
    ChangeSet c = new ChangeSet(Set.of(existing("src/App.java")), false);
    assertEquals("changed src/App.java", c.describe(base, Files::exists));
  }

  @Test
  void manyExistingPathsNameTheFirstInOrderAndCountTheRest() throws IOException {
    ChangeSet c = new ChangeSet(Set.of(existing("b/B.java"), existing("a/A.java"), existing("c/C.java")), false);
    assertEquals("changed a/A.java and 2 more", c.describe(base, Files::exists));
  }

  @Test
  void anExistingFileIsNamedBeforeADeletedOne() throws IOException {
    ChangeSet c = new ChangeSet(Set.of(deleted("A.java"), existing("Z.java")), false);
    assertTrue(c.describe(base, Files::exists).startsWith("changed Z.java"), c.describe(base, Files::exists));
  }

  @Test
  void deletedPathsAreCountedAmongTheMore() throws IOException {
    ChangeSet c = new ChangeSet(Set.of(deleted("A.java"), deleted("B.java"), existing("Z.java")), false);
    assertEquals("changed Z.java and 2 more", c.describe(base, Files::exists));
  }

  @Test
  void onlyDeletedPathsAreDescribedAsRemoved() {
    assertEquals("removed Gone.java", new ChangeSet(Set.of(deleted("Gone.java")), false).describe(base, Files::exists));
    assertEquals("removed A.java and 1 more",
        new ChangeSet(Set.of(deleted("B.java"), deleted("A.java")), false).describe(base, Files::exists));
  }

  @Test
  void pathOutsideTheBaseIsShownAsIs() {
    Path outside = Path.of("/elsewhere/X.java");
    assertEquals("removed /elsewhere/X.java", new ChangeSet(Set.of(outside), false).describe(base, Files::exists));
  }

  @Test
  void everythingBatchSaysRescan() {
    assertEquals("watched files changed (rescan)", ChangeSet.all().describe(base, Files::exists));
    assertEquals("no change", new ChangeSet(Set.of(), false).describe(base, Files::exists));
  }

  @Test
  void plusUnitesPathsAndEverything() {
    ChangeSet a = new ChangeSet(Set.of(Path.of("A")), false);
    ChangeSet b = new ChangeSet(Set.of(Path.of("B")), false);
    assertEquals(new ChangeSet(Set.of(Path.of("A"), Path.of("B")), false), a.plus(b));
    assertTrue(a.plus(ChangeSet.all()).everything());
    assertFalse(a.plus(b).everything());
  }

  @Test
  void onlyKeepsMatchingPathsAndTheEverythingMark() {
    ChangeSet c = new ChangeSet(Set.of(Path.of("A.java"), Path.of("A.class")), true);
    ChangeSet sources = c.only(p -> p.toString().endsWith(".java"));
    assertEquals(Set.of(Path.of("A.java")), sources.paths());
    assertTrue(sources.everything());
  }
}
