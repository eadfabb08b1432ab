package dev.runner.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** The second JDK of the machine, which the release-17 tests need (they fail, never skip, without it). */
final class Jdk {
  static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

  private Jdk() {}

  /** {@code bin/java} of Temurin 25, or an assertion error that says what is missing. */
  static String java25() {
    Path java = TEMURIN_25.resolve("bin/java");
    if (!Files.isExecutable(java)) {
      throw new AssertionError("these tests run the runner on JDK 25 and need " + java
          + " (Temurin 25, installed beside the default JDK 17); it is not there");
    }
    return java.toString();
  }
}
