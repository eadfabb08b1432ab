package dev.runner.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.watch.Snapshot.Stamp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTest {
  private static final Stamp DIR = new Stamp(true, 0, 100);

  private static Snapshot of(Object... pathsAndStamps) {
    Map<Path, Stamp> m = new HashMap<>();
    for (int i = 0; i < pathsAndStamps.length; i += 2) {
      m.put(Path.of((String) pathsAndStamps[i]), (Stamp) pathsAndStamps[i + 1]);
    }
    return new Snapshot(m);
  }

  private static Stamp file(long size, long mtime) {
    return new Stamp(false, size, mtime);
  }

  // ---- the diff (pure) ----

  @Test
  void nothingChangedIsNoChange() {
    Snapshot s = of("a", DIR, "a/A.class", file(3, 100));
    assertEquals(Set.of(), Snapshot.changes(s, of("a", DIR, "a/A.class", file(3, 100))));
  }

  @Test
  void aNewSizeOrANewModificationTimeIsAChange() {
    Snapshot before = of("A.class", file(3, 100), "B.class", file(3, 100), "C.class", file(3, 100));
    Snapshot after = of("A.class", file(4, 100), "B.class", file(3, 101), "C.class", file(3, 100));
    assertEquals(Set.of(Path.of("A.class"), Path.of("B.class")), Snapshot.changes(before, after));
  }

  @Test
  void createdAndDeletedFilesAreChangesAndSoIsADeletedDirectory() {
    Snapshot before = of("old", DIR, "old/O.class", file(1, 1));
    Snapshot after = of("new", DIR, "new/deep", DIR, "new/deep/N.class", file(1, 2));
    assertEquals(Set.of(Path.of("old"), Path.of("old/O.class"), Path.of("new/deep/N.class")),
        Snapshot.changes(before, after));
  }

  @Test
  void aNewEmptyDirectoryOrADirectoryWhoseTimeMovedIsNoChangeOfItsOwn() {
    Snapshot before = of("a", DIR);
    Snapshot after = of("a", new Stamp(true, 0, 999), "empty", DIR);
    assertEquals(Set.of(), Snapshot.changes(before, after));
  }

  @Test
  void aFileReplacedByADirectoryIsAChange() {
    assertEquals(Set.of(Path.of("x")), Snapshot.changes(of("x", file(1, 1)), of("x", DIR)));
    assertEquals(Set.of(Path.of("x")), Snapshot.changes(of("x", DIR), of("x", file(1, 1))));
  }

  // ---- the walk ----

  @TempDir Path root;

  private Snapshot take(List<String> unreadable) {
    return Snapshot.take(root, p -> p.getFileName().toString().equals(".git"),
        (p, e) -> unreadable.add(root.relativize(p) + ": " + e.getClass().getSimpleName()));
  }

  @Test
  void aWalkRecordsFilesAndDirectoriesRelativeToTheRootAndSkipsPrunedDirectories() throws IOException {
    Files.createDirectories(root.resolve("a/b"));
    Files.writeString(root.resolve("a/b/B.class"), "bb");
    Files.createDirectories(root.resolve(".git/objects"));
    Files.writeString(root.resolve(".git/objects/x"), "x");
    Snapshot s = take(new ArrayList<>());
    assertEquals(Set.of(Path.of("a"), Path.of("a/b"), Path.of("a/b/B.class")), s.entries().keySet());
    assertEquals(2, s.entries().get(Path.of("a/b/B.class")).size());
  }

  @Test
  void aRewrittenFileIsSeenByTheNextWalk() throws IOException {
    Path f = Files.writeString(root.resolve("A.class"), "v0");
    Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000));
    Snapshot before = take(new ArrayList<>());
    Files.writeString(f, "v1");
    Files.setLastModifiedTime(f, FileTime.fromMillis(2_000_000)); // same size: only the time tells
    assertEquals(Set.of(Path.of("A.class")), Snapshot.changes(before, take(new ArrayList<>())));
  }

  @Test
  void symbolicLinksAreEntriesNotFollowedSoALoopEndsTheWalk() throws IOException {
    Path a = Files.createDirectories(root.resolve("a"));
    Files.createSymbolicLink(a.resolve("loop"), Path.of("."));
    Files.createSymbolicLink(root.resolve("self"), root);
    Files.createSymbolicLink(root.resolve("dangling"), Path.of("nowhere"));
    Snapshot s = take(new ArrayList<>());
    assertEquals(Set.of(Path.of("a"), Path.of("a/loop"), Path.of("self"), Path.of("dangling")), s.entries().keySet());
  }

  @Test
  void aRootThatIsALinkIsWalkedAtItsTargetAndAMissingRootIsEmpty() throws IOException {
    Path target = Files.createDirectories(root.resolve("target/classes"));
    Files.writeString(target.resolve("A.class"), "a");
    Path link = Files.createSymbolicLink(root.resolve("link"), target);
    Snapshot s = Snapshot.take(link, p -> false, (p, e) -> { });
    assertEquals(Set.of(Path.of("A.class")), s.entries().keySet());
    assertTrue(Snapshot.take(root.resolve("missing"), p -> false, (p, e) -> { }).entries().isEmpty());
  }
}
