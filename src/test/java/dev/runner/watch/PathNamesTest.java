package dev.runner.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PathNamesTest {
  private static final Path BASE = Path.of("/work/app");

  @Test
  void aPathBelowTheBaseIsNamedRelativeToItAndTheBaseItselfIsDot() {
    assertEquals("src/App.java", PathNames.show(BASE, BASE.resolve("src/App.java")));
    assertEquals(".", PathNames.show(BASE, BASE));
    assertEquals("/elsewhere/x", PathNames.show(BASE, Path.of("/elsewhere/x")));
  }

  @Test
  void controlCharactersAreEscapedSoANameCannotSplitOrColourALine() {
    assertEquals("odd/new\\nline.txt", PathNames.show(BASE, BASE.resolve("odd/new\nline.txt")));
    assertEquals("a\\tb\\rc\\x1b[31md\\x7f", PathNames.escape("a\tb\rc\u001b[31md\u007f"));
    assertEquals("c1\\x85", PathNames.escape("c1\u0085"));
  }

  @Test
  void spacesAndNonAsciiLettersAreKeptAsTheyAre() {
    String name = "odd dir/w\u00e9ird \u00fcn\u00efcode \u2713.txt";
    assertEquals(name, PathNames.show(BASE, BASE.resolve(name)));
  }
}
