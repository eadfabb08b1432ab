package dev.runner.cds;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A child command of the form {@code java [OPTIONS] -cp CLASSPATH [OPTIONS] MAIN [ARGS]}, taken
 * apart so the runner can add JVM options and reorder the class path. Anything it does not fully
 * understand ({@code -jar}, {@code @argfiles}, {@code --module}, a user's own CDS or
 * {@code -Xshare} settings) is left alone: {@link #parse} returns empty.
 */
public record JavaCommand(String java, List<String> options, int classpathOption, List<String> classpath,
    List<String> mainAndArgs) {

  public JavaCommand {
    options = List.copyOf(options);
    classpath = List.copyOf(classpath);
    mainAndArgs = List.copyOf(mainAndArgs);
  }

  /**
   * The launcher's options whose value is the next argument (they may also be written
   * {@code --option=value}, which needs nothing special): the value is not the main class.
   */
  static final Set<String> SEPARATE_VALUE = Set.of("--add-opens", "--add-exports",
      "--add-reads", "--add-modules", "--limit-modules", "--patch-module", "--upgrade-module-path",
      "--enable-native-access");

  /** Options this class does not take apart: a jar, an argument file, modules, source-file mode. */
  private static boolean foreign(String a) {
    return a.equals("-jar") || a.startsWith("@") || a.equals("-m") || a.startsWith("--module") || a.equals("-p")
        || a.equals("--source") || a.startsWith("--source=") || a.equals("-d") || a.equals("--describe-module");
  }

  /**
   * Where a {@code java ... -cp CLASSPATH ... MAIN} command keeps its class path (the value's
   * index; {@code joined}: written {@code --class-path=VALUE}) and its main class (the first
   * argument that is no option nor an option's value); null for any other command.
   */
  private record Layout(int classpath, boolean joined, int main) {}

  private static Layout layout(List<String> argv) {
    if (argv.isEmpty() || !Path.of(argv.get(0)).getFileName().toString().equals("java")) {
      return null;
    }
    int classpath = -1;
    boolean joined = false;
    int i = 1;
    for (; i < argv.size() && argv.get(i).startsWith("-"); i++) {
      String a = argv.get(i);
      if (foreign(a)) {
        return null;
      }
      if (a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path")) {
        classpath = ++i;
        joined = false;
      } else if (a.startsWith("--class-path=")) {
        classpath = i;
        joined = true;
      } else if (SEPARATE_VALUE.contains(a)) {
        i++;
      }
    }
    return classpath < 0 || i >= argv.size() ? null : new Layout(classpath, joined, i);
  }

  public static Optional<JavaCommand> parse(List<String> argv, Path workDir) {
    Layout l = layout(argv);
    if (l == null) {
      return Optional.empty();
    }
    String value = argv.get(l.classpath());
    List<String> cp = List.of((l.joined() ? value.substring("--class-path=".length()) : value).split(File.pathSeparator));
    int optionAt = l.joined() ? l.classpath() : l.classpath() - 1;
    List<String> options = new ArrayList<>();
    int cpAt = -1;
    for (int i = 1; i < l.main(); i++) {
      String a = argv.get(i);
      if (i == optionAt) {
        cpAt = options.size();
        i = l.classpath(); // the option and its value
      } else if (SEPARATE_VALUE.contains(a)) {
        options.add(a);
        options.add(argv.get(++i));
      } else if (a.startsWith("-Xshare") || a.contains("SharedArchiveFile") || a.contains("SharedClassListFile")
          || a.contains("ArchiveClassesAtExit") || a.contains("DumpLoadedClassList") || a.contains("AOTCache")) {
        if (!a.equals("-Xshare:auto")) { // the default anyway, and added back with the archive
          return Optional.empty(); // a user's own CDS settings: left alone
        }
      } else {
        options.add(a);
      }
    }
    return Optional.of(new JavaCommand(argv.get(0), options, cpAt, cp, argv.subList(l.main(), argv.size())));
  }

  /** The options that set the module graph's properties, which CDS compares between its dump and a run. */
  static final Set<String> MODULE_GRAPH = Set.of("--add-modules", "--add-opens", "--add-exports", "--add-reads",
      "--enable-native-access");

  /** This command's {@link #MODULE_GRAPH} options, as written (a separate value stays separate). */
  public List<String> moduleOptions() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < options.size(); i++) {
      String a = options.get(i);
      if (MODULE_GRAPH.contains(a) && i + 1 < options.size()) {
        out.add(a);
        out.add(options.get(++i));
      } else if (MODULE_GRAPH.stream().anyMatch(o -> a.startsWith(o + "="))) {
        out.add(a);
      } else if (SEPARATE_VALUE.contains(a)) {
        i++;
      }
    }
    return out;
  }

  /** The command again, with extra JVM options and the given class path. */
  public List<String> with(List<String> extraOptions, List<String> newClasspath) {
    List<String> argv = new ArrayList<>();
    argv.add(java);
    argv.addAll(options.subList(0, classpathOption));
    argv.addAll(extraOptions);
    argv.add("-cp");
    argv.add(String.join(File.pathSeparator, newClasspath));
    argv.addAll(options.subList(classpathOption, options.size()));
    argv.addAll(mainAndArgs);
    return argv;
  }

  /**
   * {@code argv}, a {@code java -cp ... MAIN} command (as given, or as {@link CdsCache} rewrote
   * it), with {@code option} (a {@code -javaagent:}) as its first JVM option; empty when it is not
   * of that form.
   */
  public static Optional<List<String>> withFirstOption(List<String> argv, String option) {
    if (layout(argv) == null) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>(argv);
    out.add(1, option);
    return Optional.of(out);
  }

  /**
   * What a JVM started now would find on this class path, as far as a JVM started earlier depends
   * on it: each jar's identity (path, size, time; a {@code dir/*} entry: every jar in it), and each
   * directory's real path or absence (a JVM resolves its class path entries once, when it starts:
   * a directory made later, or a symlink pointed elsewhere, is not seen). Jars named by a jar's
   * {@code Class-Path} manifest are not followed.
   */
  public String classpathState(Path workDir) {
    StringBuilder b = new StringBuilder();
    for (String e : classpath) {
      boolean all = e.endsWith("*");
      Path p = workDir.resolve(all ? e.substring(0, e.length() - 1) : e);
      if (all) {
        try (Stream<Path> jars = Files.list(p)) {
          jars.filter(f -> f.toString().toLowerCase(Locale.ROOT).endsWith(".jar")).sorted()
              .forEach(f -> b.append(CdsCache.identity(f)));
        } catch (IOException ex) {
          b.append(p).append("|gone\n");
        }
      } else if (Files.isDirectory(p)) {
        try {
          b.append(p).append("|dir ").append(p.toRealPath()).append('\n');
        } catch (IOException ex) {
          b.append(p).append("|gone\n");
        }
      } else {
        b.append(CdsCache.identity(p));
      }
    }
    return b.toString();
  }
}
