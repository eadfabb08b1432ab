package dev.runner.cds;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

  public static Optional<JavaCommand> parse(List<String> argv, Path workDir) {
    if (argv.isEmpty() || !Path.of(argv.get(0)).getFileName().toString().equals("java")) {
      return Optional.empty();
    }
    List<String> options = new ArrayList<>();
    List<String> cp = null;
    int cpAt = -1;
    int i = 1;
    for (; i < argv.size(); i++) {
      String a = argv.get(i);
      if (!a.startsWith("-")) {
        break;
      }
      if (a.equals("-Xshare:auto")) {
        continue; // the default anyway, and added back with the archive
      }
      if (foreign(a) || a.startsWith("-Xshare") || a.contains("SharedArchiveFile") || a.contains("SharedClassListFile")
          || a.contains("ArchiveClassesAtExit") || a.contains("DumpLoadedClassList") || a.contains("AOTCache")) {
        return Optional.empty();
      }
      if (a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path")) {
        if (i + 1 >= argv.size()) {
          return Optional.empty();
        }
        cp = List.of(argv.get(++i).split(File.pathSeparator));
        cpAt = options.size();
      } else if (a.startsWith("--class-path=")) {
        cp = List.of(a.substring("--class-path=".length()).split(File.pathSeparator));
        cpAt = options.size();
      } else if (SEPARATE_VALUE.contains(a)) {
        if (i + 1 >= argv.size()) {
          return Optional.empty();
        }
        options.add(a);
        options.add(argv.get(++i));
      } else {
        options.add(a);
      }
    }
    if (cp == null || i >= argv.size()) {
      return Optional.empty();
    }
    return Optional.of(new JavaCommand(argv.get(0), options, cpAt, cp, argv.subList(i, argv.size())));
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
   * {@code argv}, a {@code java -cp ...} command (as given, or as {@link CdsCache} rewrote it), with
   * {@code entry} appended to its class path and {@code beforeMain} put in front of its main class;
   * empty when it is not of that form.
   */
  public static Optional<List<String>> wrapMain(List<String> argv, String entry, List<String> beforeMain) {
    if (argv.isEmpty() || !Path.of(argv.get(0)).getFileName().toString().equals("java")) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>(argv);
    int cpValue = -1;
    int i = 1;
    for (; i < argv.size() && argv.get(i).startsWith("-"); i++) {
      String a = argv.get(i);
      if (foreign(a)) {
        return Optional.empty();
      }
      if (a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path")) {
        cpValue = ++i;
      } else if (a.startsWith("--class-path=")) {
        cpValue = i;
      } else if (SEPARATE_VALUE.contains(a)) {
        i++;
      }
    }
    if (cpValue < 0 || i >= argv.size()) {
      return Optional.empty();
    }
    out.set(cpValue, argv.get(cpValue) + File.pathSeparator + entry);
    out.addAll(i, beforeMain);
    return Optional.of(out);
  }
}
