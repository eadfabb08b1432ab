package dev.runner.mojo;

import dev.runner.project.ResourceRoot;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.maven.project.MavenProject;

/**
 * The values {@code mvn process-resources} would put into a module's filtered resources. The
 * runner filters them itself, so it needs each expression that occurs in them already evaluated:
 * every filtered file is scanned for tokens in the effective delimiters, and each token is
 * evaluated as maven-resources-plugin would (the project, properties of the pom and the command
 * line, {@code env.X}; then the filter property files of {@code build.filters} and the plugin's
 * {@code filters}).
 */
final class Filters {
  /** maven-resources-plugin's defaults when {@code useDefaultDelimiters} is on. */
  static final List<String> DEFAULT_DELIMITERS = List.of("${*}", "@");
  /** maven-filtering never filters these, whatever the resource says. */
  private static final Set<String> BINARY = Set.of("jpg", "jpeg", "gif", "bmp", "png");
  private static final long LARGEST = 10L << 20;

  /** The expressions found, with their values, and the delimiters they were found with. */
  record Filtering(Map<String, String> values, List<String> delimiters) {}

  private Filters() {}

  /**
   * @param resources maven-resources-plugin's {@code resources} goal configuration, when the
   *     module's lifecycle has it
   * @param evaluator evaluates expressions against the module
   */
  static Filtering of(MavenProject project, List<ResourceRoot> roots, Optional<MojoConfig> resources,
      MojoConfig evaluator) {
    List<String> delimiters = delimiters(resources);
    if (roots.stream().noneMatch(ResourceRoot::filtering)) {
      return new Filtering(Map.of(), delimiters);
    }
    Set<String> skip = new HashSet<>(BINARY);
    resources.ifPresent(r -> r.list("nonFilteredFileExtensions").forEach(e -> skip.add(e.toLowerCase(Locale.ROOT))));
    Set<String> expressions = new LinkedHashSet<>();
    for (ResourceRoot root : roots) {
      if (root.filtering() && Files.isDirectory(root.directory())) {
        try (Stream<Path> files = Files.walk(root.directory())) {
          files.filter(Files::isRegularFile).filter(f -> !skip.contains(extension(f)))
              .forEach(f -> expressions.addAll(tokens(read(f), delimiters)));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the filtered resources in " + root.directory(), e);
        }
      }
    }
    Properties fromFiles = filterFiles(project, resources, evaluator);
    Map<String, String> values = new TreeMap<>();
    for (String e : expressions) {
      String v = evaluator.evaluate("${" + e + "}");
      if (v == null) {
        v = fromFiles.getProperty(e);
      }
      if (v != null && !v.equals("${" + e + "}")) {
        values.put(e, v);
      }
    }
    return new Filtering(values, delimiters);
  }

  /** {@code delimiters} and {@code useDefaultDelimiters} as maven-resources-plugin combines them. */
  static List<String> delimiters(Optional<MojoConfig> resources) {
    Set<String> d = new LinkedHashSet<>();
    if (resources.map(r -> r.flag("useDefaultDelimiters", true)).orElse(true)) {
      d.addAll(DEFAULT_DELIMITERS);
    }
    resources.ifPresent(r -> d.addAll(r.list("delimiters")));
    return List.copyOf(d);
  }

  /**
   * The expressions between delimiters in {@code text}: a delimiter {@code BEGIN*END} (like
   * {@code ${*}}) or one string for both ends (like {@code @}). Like maven-filtering, a token ends on
   * its line.
   */
  static Set<String> tokens(String text, List<String> delimiters) {
    Set<String> found = new LinkedHashSet<>();
    for (String d : delimiters) {
      int star = d.indexOf('*');
      String begin = star < 0 ? d : d.substring(0, star);
      String end = star < 0 ? d : d.substring(star + 1);
      if (begin.isEmpty() || end.isEmpty()) {
        continue;
      }
      int from = 0;
      while (true) {
        int b = text.indexOf(begin, from);
        if (b < 0) {
          break;
        }
        int start = b + begin.length();
        int e = text.indexOf(end, start);
        if (e < 0) {
          break;
        }
        String expr = text.substring(start, e);
        if (!expr.isBlank() && expr.indexOf('\n') < 0 && expr.indexOf('\r') < 0) {
          found.add(expr.strip());
          from = e + end.length();
        } else {
          from = start; // not a token: the end may begin the next one (@ in "a@b\n@x@")
        }
      }
    }
    return found;
  }

  private static Properties filterFiles(MavenProject project, Optional<MojoConfig> resources, MojoConfig evaluator) {
    List<String> files = new ArrayList<>(project.getBuild().getFilters());
    resources.ifPresent(r -> files.addAll(r.list("filters")));
    Properties all = new Properties();
    for (String f : files) {
      Path p = project.getBasedir().toPath().resolve(f);
      Properties one = new Properties();
      try (Reader r = Files.newBufferedReader(p, StandardCharsets.ISO_8859_1)) {
        one.load(r);
      } catch (IOException e) {
        throw new IllegalArgumentException(project.getFile() + ": cannot read the filter file " + p + ": " + e, e);
      }
      one.forEach((k, v) -> all.setProperty((String) k, evaluator.evaluate((String) v)));
    }
    return all;
  }

  private static String read(Path f) {
    try {
      if (Files.size(f) > LARGEST) {
        return "";
      }
      // ISO-8859-1 never fails to decode, and expressions are ASCII in any of the usual encodings
      return Files.readString(f, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f, e);
    }
  }

  private static String extension(Path f) {
    String n = f.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
