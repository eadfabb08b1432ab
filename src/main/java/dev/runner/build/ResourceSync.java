package dev.runner.build;

import dev.runner.project.Module;
import dev.runner.project.ResourceRoot;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A module's resources as maven-resources-plugin copies them, for the directories that cannot
 * simply go on the class path: a filtered one, one with includes or excludes or a targetPath, and
 * any directory listed more than once (spring-boot-starter-parent lists {@code src/main/resources}
 * twice: {@code application*.properties|yml|yaml} filtered, everything else not). Each entry copies
 * its selected files below the output directory with its own rule, in the pom's order, so a later
 * entry wins as in Maven. A {@link #plain} directory is never copied: it goes ahead of the output
 * directory on the class path and an edit needs no copy at all.
 *
 * <p>A copy is only written when its bytes change (nothing watching the output directory wakes up
 * for nothing), and a deleted source deletes its copies. Not thread-safe.
 */
public final class ResourceSync {
  /** maven-filtering never filters these, even in a filtered directory. */
  private static final Set<String> BINARY = Set.of("jpg", "jpeg", "gif", "bmp", "png");
  /** Files Maven's directory scanner leaves out by default (addDefaultExcludes). */
  private static final List<Pattern> DEFAULT_EXCLUDES = List.of("**/*~", "**/#*#", "**/.#*", "**/%*%", "**/._*",
      "**/CVS", "**/CVS/**", "**/.cvsignore", "**/.svn", "**/.svn/**", "**/.git", "**/.git/**", "**/.gitignore",
      "**/.gitattributes", "**/.hg", "**/.hg/**", "**/.hgignore", "**/.DS_Store").stream()
      .map(ResourceSync::glob).toList();

  /** Whole-run counts: files written (new or changed) and copies deleted. */
  public record Result(int written, int deleted) {}

  private final Module module;
  private final List<ResourceRoot> copied;
  private final Filter filter;
  private final Charset charset;
  private final Map<Path, Set<Path>> copies = new HashMap<>(); // source file -> the copies made of it

  /** {@code escapeString}: maven-resources-plugin's, when the build sets one (it has no default). */
  public ResourceSync(Module module, Optional<String> escapeString) {
    this.module = module;
    Set<Path> plainDirs = new HashSet<>(classPathRoots(module));
    this.copied = module.resources().stream().filter(r -> !plainDirs.contains(r.directory())).toList();
    this.filter = new Filter(module.filterValues(), module.delimiters(), escapeString);
    this.charset = module.compiler().encoding().map(Charset::forName).orElse(StandardCharsets.UTF_8);
  }

  /**
   * The resource directories that go on the run-time class path as they are (ahead of the output
   * directory): those whose every entry is {@link ResourceRoot#plain()}.
   */
  public static List<Path> classPathRoots(Module module) {
    Set<Path> notPlain = new HashSet<>();
    module.resources().stream().filter(r -> !r.plain()).forEach(r -> notPlain.add(r.directory()));
    return module.resources().stream().map(ResourceRoot::directory).filter(d -> !notPlain.contains(d))
        .distinct().toList();
  }

  /** The directories this copies from. */
  public List<Path> copiedRoots() {
    return copied.stream().map(ResourceRoot::directory).distinct().toList();
  }

  /** Where the copies go: the module's output directory. */
  public Path outputDir() {
    return module.outputDir().toAbsolutePath().normalize();
  }

  /**
   * Whether {@code changed} lies in a directory this copies from, is one, or holds one (a resource
   * directory created with its files at once is seen as one new directory).
   */
  public boolean copiesFrom(Path changed) {
    Path path = changed.toAbsolutePath().normalize();
    return copied.stream().anyMatch(r -> path.startsWith(r.directory()) || r.directory().startsWith(path));
  }

  /** Whether any directory of this module needs copying. */
  public boolean copies() {
    return !copied.isEmpty();
  }

  /** Copies every selected file of every copied directory (at start-up, and after the watcher lost track). */
  public Result syncAll() throws IOException {
    int[] counts = new int[2];
    Set<Path> seen = new HashSet<>();
    for (ResourceRoot r : copied) {
      if (Files.isDirectory(r.directory())) {
        try (Stream<Path> files = Files.walk(r.directory())) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            seen.add(f);
          }
        }
      }
    }
    for (Path gone : new ArrayList<>(copies.keySet())) {
      if (!seen.contains(gone)) {
        counts[1] += forget(gone);
      }
    }
    for (Path f : seen) {
      counts[0] += copy(f);
    }
    return new Result(counts[0], counts[1]);
  }

  /** Brings the copies of {@code changedOrDeleted} (files or directories; others are ignored) up to date. */
  public Result sync(Set<Path> changedOrDeleted) throws IOException {
    int written = 0;
    int deleted = 0;
    for (Path p : changedOrDeleted) {
      Path path = p.toAbsolutePath().normalize();
      if (copied.stream().noneMatch(r -> path.startsWith(r.directory()))) {
        // a new directory that holds resource directories: copy what they have now
        for (ResourceRoot r : copied) {
          if (r.directory().startsWith(path) && Files.isDirectory(r.directory())) {
            try (Stream<Path> files = Files.walk(r.directory())) {
              for (Path f : files.filter(Files::isRegularFile).toList()) {
                written += copy(f);
              }
            }
          }
        }
        continue;
      }
      if (Files.isDirectory(path)) {
        try (Stream<Path> files = Files.walk(path)) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            written += copy(f);
          }
        }
      } else if (Files.isRegularFile(path)) {
        written += copy(path);
      } else { // deleted: the file itself, or a directory with everything below it
        for (Path source : new ArrayList<>(copies.keySet())) {
          if (source.startsWith(path)) {
            deleted += forget(source);
          }
        }
      }
    }
    return new Result(written, deleted);
  }

  /** Copies one source file by every entry that selects it; returns how many copies changed. */
  private int copy(Path source) throws IOException {
    int written = 0;
    Map<Path, byte[]> content = new LinkedHashMap<>(); // later entries win, as in Maven
    for (ResourceRoot r : copied) {
      if (source.startsWith(r.directory()) && selects(r, r.directory().relativize(source).toString())) {
        content.put(target(r, source), bytes(r, source));
      }
    }
    Set<Path> now = content.keySet();
    Set<Path> before = copies.getOrDefault(source, Set.of());
    for (Path old : before) {
      if (!now.contains(old)) {
        Files.deleteIfExists(old); // an entry no longer selects it (renamed to an excluded name...)
      }
    }
    for (Map.Entry<Path, byte[]> e : content.entrySet()) {
      if (Files.isRegularFile(e.getKey()) && Arrays.equals(Files.readAllBytes(e.getKey()), e.getValue())) {
        continue;
      }
      Files.createDirectories(e.getKey().getParent());
      Path tmp = e.getKey().resolveSibling(e.getKey().getFileName() + ".runner-tmp");
      Files.write(tmp, e.getValue());
      Files.move(tmp, e.getKey(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      written++;
    }
    if (now.isEmpty()) {
      copies.remove(source);
    } else {
      copies.put(source, Set.copyOf(now));
    }
    return written;
  }

  private int forget(Path source) throws IOException {
    int deleted = 0;
    for (Path copy : copies.getOrDefault(source, Set.of())) {
      if (Files.deleteIfExists(copy)) {
        deleted++;
      }
    }
    copies.remove(source);
    return deleted;
  }

  private byte[] bytes(ResourceRoot r, Path source) throws IOException {
    byte[] raw = Files.readAllBytes(source);
    String name = source.getFileName().toString();
    String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    if (!r.filtering() || BINARY.contains(ext)) {
      return raw; // byte for byte
    }
    return filter.apply(new String(raw, charset)).getBytes(charset);
  }

  private Path target(ResourceRoot r, Path source) {
    Path base = module.outputDir().toAbsolutePath().normalize();
    if (r.targetPath().isPresent()) {
      base = base.resolve(r.targetPath().get()).normalize(); // an absolute targetPath stands as it is
    }
    return base.resolve(r.directory().relativize(source).toString());
  }

  /** Maven's rule: included (everything when no includes are given), not excluded, not a default exclude. */
  static boolean selects(ResourceRoot r, String relative) {
    String rel = relative.replace('\\', '/');
    boolean included = r.includes().isEmpty() || r.includes().stream().anyMatch(i -> glob(i).matcher(rel).matches());
    return included && r.excludes().stream().noneMatch(x -> glob(x).matcher(rel).matches())
        && DEFAULT_EXCLUDES.stream().noneMatch(x -> x.matcher(rel).matches());
  }

  /** An Ant-style pattern ({@code **}: any directories, {@code *} and {@code ?} within a name) as a regex. */
  static Pattern glob(String pattern) {
    String p = pattern.replace('\\', '/');
    if (p.endsWith("/")) {
      p += "**"; // Ant: a trailing slash means everything below
    }
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '*' && p.startsWith("**/", i)) {
        re.append("(?:.*/)?");
        i += 2;
      } else if (c == '*' && p.startsWith("**", i)) {
        re.append(".*");
        i++;
      } else if (c == '*') {
        re.append("[^/]*");
      } else if (c == '?') {
        re.append("[^/]");
      } else if (c == '/' || Character.isLetterOrDigit(c)) {
        re.append(c);
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    String s = re.toString();
    if (s.endsWith("/.*")) { // "dir/**" also matches "dir" itself
      s = s.substring(0, s.length() - 3) + "(?:/.*)?";
    }
    return Pattern.compile(s);
  }
}
