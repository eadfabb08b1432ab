package dev.runner.hotswap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an external build did, found by comparing the baseline with the class directories. */
class ClassBaselineTest {
  @TempDir Path dir;

  @Test
  void changedOnDiskNamesRewrittenAddedAndDeletedClassFilesButNotUntouchedOnes() throws IOException {
    Path classes = dir.resolve("classes");
    Javac.compileInto(dir.resolve("src1"), classes, Map.of("a/Same.java", "package a; class Same {}",
        "a/Edited.java", "package a; class Edited { int f() { return 1; } }", "a/Gone.java", "package a; class Gone {}"));
    Files.writeString(classes.resolve("a/notes.txt"), "not a class");
    ClassBaseline baseline = ClassBaseline.capture(List.of(classes, dir.resolve("not-there-yet")));
    assertEquals(List.of(), baseline.changedOnDisk(), "nothing changed yet");

    Javac.compileInto(dir.resolve("src2"), classes, Map.of("a/Same.java", "package a; class Same {}",
        "a/Edited.java", "package a; class Edited { int f() { return 2; } }", "a/Added.java", "package a; class Added {}"));
    Files.delete(classes.resolve("a/Gone.class"));
    Files.writeString(classes.resolve("a/notes.txt"), "changed, still not a class");
    Path root = classes.toAbsolutePath().normalize();
    assertEquals(List.of(root.resolve("a/Added.class"), root.resolve("a/Edited.class"), root.resolve("a/Gone.class")),
        baseline.changedOnDisk());

    ClassBaseline moved = baseline.after(Map.of(root.resolve("a/Edited.class"),
        Files.readAllBytes(classes.resolve("a/Edited.class"))));
    assertEquals(List.of(root.resolve("a/Added.class"), root.resolve("a/Gone.class")), moved.changedOnDisk(),
        "a swapped class is what runs now");
  }
}
