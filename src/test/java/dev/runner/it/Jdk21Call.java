package dev.runner.it;

import dev.runner.it.RealProjects.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/** The edit that puts a JDK 21 API ({@code List.getFirst()}) into the release-17 project. */
final class Jdk21Call {
  private Jdk21Call() {}

  /** Makes {@code text()} return {@code List.of(..).getFirst()}; returns the 1-based line of the call. */
  static int add(Project seventeen) throws IOException {
    ProjectFiles.replace(seventeen.mainSource(), RealProjects.RELEASE17_TEXT,
        "return java.util.List.of(\"first\", \"second\").getFirst();");
    List<String> lines = Files.readAllLines(seventeen.mainSource());
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(".getFirst()")) {
        return i + 1;
      }
    }
    throw new AssertionError("no getFirst() call in " + seventeen.mainSource());
  }
}
