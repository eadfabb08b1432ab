package dev.runner.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnreadablePathsTest {
  @TempDir Path base;

  private String show(Path p) {
    return PathNames.show(base, p);
  }

  @Test
  void anUnreadableDirectoryIsNamedOnceWithWhatItMeans() throws IOException {
    Path secret = Files.createDirectories(base.resolve("src/secret"));
    UnreadablePaths u = new UnreadablePaths();
    IOException denied = new AccessDeniedException(secret.toString());
    assertEquals(Optional.of("cannot read src/secret (permission denied); changes below it are not seen"),
        u.report(secret, denied, this::show));
    assertEquals(Optional.empty(), u.report(secret, denied, this::show), "the next walk says nothing more");
  }

  @Test
  void aVanishedPathIsNotUnreadable() {
    assertEquals(Optional.empty(),
        new UnreadablePaths().report(base.resolve("gone"), new NoSuchFileException("gone"), this::show));
  }

  @Test
  void afterAHandfulOneLineSaysThereAreMoreAndThenNothing() {
    UnreadablePaths u = new UnreadablePaths();
    for (int i = 0; i < UnreadablePaths.NAMED; i++) {
      String line = u.report(base.resolve("f" + i), new AccessDeniedException("f"), this::show).orElseThrow();
      assertEquals("cannot read f" + i + " (permission denied); changes to it are not seen", line);
    }
    assertEquals(Optional.of("more paths cannot be read; not naming them (changes to them are not seen)"),
        u.report(base.resolve("g"), new AccessDeniedException("g"), this::show));
    assertEquals(Optional.empty(), u.report(base.resolve("h"), new AccessDeniedException("h"), this::show));
  }

  @Test
  void otherFailuresGiveTheSystemsReason() {
    assertEquals("Input/output error",
        UnreadablePaths.reason(new FileSystemException("x", null, "Input/output error")));
    assertEquals("IOException: broken", UnreadablePaths.reason(new IOException("broken")));
  }
}
