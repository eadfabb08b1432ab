package dev.runner.project;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The last way to find a main class, when the build names none: the classes of a module's
 * sources that declare {@code public static void main}, the way an IDE offers them. Comments and
 * strings are not parsed; a source is read as text, which is right for the code people write.
 */
public final class MainClassFinder {
  private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
  private static final Pattern MAIN = Pattern.compile(
      "(?s)(public\\s+static|static\\s+public)\\s+(final\\s+)?void\\s+main\\s*\\(\\s*(final\\s+)?String\\s*(\\[\\s*]|\\.\\.\\.)");
  private static final Pattern BOOT = Pattern.compile("@(org\\.springframework\\.boot\\.autoconfigure\\.)?SpringBootApplication\\b");

  /** A class with a main method; {@code boot} when it is annotated {@code @SpringBootApplication}. */
  public record Candidate(String className, Path source, boolean boot) {}

  private MainClassFinder() {}

  /** Every class with a main method in these source roots, sorted by name. */
  public static List<Candidate> candidates(List<Path> sourceRoots) throws IOException {
    List<Candidate> found = new ArrayList<>();
    for (Path root : sourceRoots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).toList()) {
          String text = read(f);
          if (text == null || !MAIN.matcher(text).find()) {
            continue;
          }
          Matcher pkg = PACKAGE.matcher(text);
          String simple = f.getFileName().toString().replaceFirst("\\.java$", "");
          String name = pkg.find() ? pkg.group(1) + "." + simple : simple;
          found.add(new Candidate(name, f, BOOT.matcher(text).find()));
        }
      }
    }
    found.sort(Comparator.comparing(Candidate::className));
    return found;
  }

  /**
   * The one main class of these candidates: the only one, else the only Spring Boot application
   * among several; empty when there is none or no single one.
   */
  public static Optional<Candidate> single(List<Candidate> candidates) {
    if (candidates.size() == 1) {
      return Optional.of(candidates.get(0));
    }
    List<Candidate> boot = candidates.stream().filter(Candidate::boot).toList();
    return boot.size() == 1 ? Optional.of(boot.get(0)) : Optional.empty();
  }

  private static String read(Path f) throws IOException {
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      return Files.readString(f, StandardCharsets.ISO_8859_1); // a Latin-1 source still names its main
    }
  }
}
