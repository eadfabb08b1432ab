package dev.runner.cds;

import dev.runner.process.Executables;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Class-data sharing for a {@code java -cp ...} child, so each restart loads the JDK's and the
 * dependencies' classes from a memory-mapped archive instead of parsing them again.
 *
 * <p>JDK 17 will not dump an archive at exit while a non-empty directory is on the class path
 * (which a reload set-up always has: the app's class directory), so the archive is built the
 * static way: the first child runs with {@code -XX:DumpLoadedClassList}; once it has been stopped,
 * the list minus the app's own classes is dumped ({@code -Xshare:dump}) over the dependency jars
 * only, on a background thread; from then on children run with that archive and a class path of
 * the same jars first and the class directories after them, which is what the archive requires.
 * The archive is keyed by the java binary and the jars (paths, sizes, times), never by the app's
 * changing classes, and lives under a cache directory. {@code -Xshare:auto} means a refused archive
 * only costs the speed-up, never a start.
 *
 * <p>The module graph: an archive holds the boot layer as its dump resolved it, and a run whose
 * {@code --add-modules}, {@code --add-opens}, {@code --add-exports}, {@code --add-reads} or
 * {@code --enable-native-access} differ gives that part up. JDK 17 says so only at
 * {@code -Xlog:cds=info}, and it archives no module graph at all once the dump has such an option, so
 * there the dump has none. JDK 25 prints three {@code [error][cds]} lines at every such start, and
 * a standby JVM always differs ({@code -javaagent} adds {@code java.instrument}); it archives the
 * graph with those options, so there the dump takes the child's own and {@code java.instrument}, and
 * every child that maps the archive gets {@code --add-modules=java.instrument} too, standby or not.
 *
 * <p>Used from the supervisor's thread only, except for the dump, which runs on its own thread.
 */
public final class CdsCache {
  private final Path root;
  private final Consumer<String> debug;
  private volatile Thread dumping;
  /** The archive last said to be in use, so -v says it once, not at every start. */
  private Path announced;

  /**
   * How the dump's argv is started: the runner passes its spawner's prefix (pdeathsig), so a dump
   * under way dies with the runner, however the runner ends, instead of outliving it.
   */
  private final UnaryOperator<List<String>> wrap;

  public CdsCache(Path root, Consumer<String> debug) {
    this(root, debug, UnaryOperator.identity());
  }

  public CdsCache(Path root, Consumer<String> debug, UnaryOperator<List<String>> wrap) {
    this.root = root;
    this.debug = debug;
    this.wrap = wrap;
  }

  /**
   * {@code $XDG_CACHE_HOME/runner/cds}, else {@code $HOME/.cache/runner/cds}; Java's user.home
   * (from the passwd entry, which may be unwritable, e.g. {@code /nonexistent}) only when HOME is unset.
   */
  public static Path defaultRoot(Map<String, String> env) {
    String xdg = env.get("XDG_CACHE_HOME");
    String home = env.get("HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
        : Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".cache");
    return base.resolve("runner").resolve("cds");
  }

  /** The command to start, with CDS options added when that is possible and useful. */
  public List<String> command(List<String> argv, Path workDir) {
    return JavaCommand.parse(argv, workDir).map(j -> command(j, workDir)).orElse(argv);
  }

  /**
   * The list of dependency classes in this command's archive, once there is one: what a standby
   * JVM loads ahead (see {@code dev.runner.standby.Standby}).
   */
  public Optional<Path> classList(List<String> argv, Path workDir) {
    return JavaCommand.parse(argv, workDir).flatMap(j -> {
      List<String> jars = new ArrayList<>();
      split(j, workDir, jars, new ArrayList<>());
      Path dir = root.resolve(key(j.java(), jars, dumpModules(j, JdkRelease.of(j.java()))));
      return Files.isRegularFile(dir.resolve("deps.jsa")) && Files.isRegularFile(dir.resolve("deps.lst"))
          ? Optional.of(dir.resolve("deps.lst")) : Optional.empty();
    });
  }

  /** The class path's jars (absolute) and everything else (directories, as given). */
  private static void split(JavaCommand j, Path workDir, List<String> jars, List<String> dirs) {
    for (String e : j.classpath()) {
      Path p = workDir.resolve(e);
      if (Files.isRegularFile(p) && e.endsWith(".jar")) {
        jars.add(p.toAbsolutePath().normalize().toString());
      } else {
        dirs.add(e);
      }
    }
  }

  private List<String> command(JavaCommand j, Path workDir) {
    List<String> jars = new ArrayList<>();
    List<String> dirs = new ArrayList<>();
    split(j, workDir, jars, dirs);
    if (jars.isEmpty()) {
      return j.with(List.of(), j.classpath());
    }
    int feature = JdkRelease.of(j.java());
    List<String> modules = dumpModules(j, feature);
    Path dir = root.resolve(key(j.java(), jars, modules));
    Path archive = dir.resolve("deps.jsa");
    List<String> ordered = new ArrayList<>(jars);
    ordered.addAll(dirs);
    List<Path> lists = recordedLists(dir);
    if (Files.isRegularFile(archive)) {
      if (!archive.equals(announced)) {
        announced = archive;
        debug.accept("class-data sharing: using " + archive);
      }
      List<String> options = new ArrayList<>(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto"));
      if (archivesModuleOptions(feature)) {
        options.add(WITH_AGENT);
      }
      return j.with(options, ordered);
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      debug.accept("class-data sharing off: cannot create " + dir + ": " + e.getMessage());
      return j.with(List.of(), j.classpath());
    }
    Optional<Path> finished = lists.stream().filter(l -> !recorderAlive(l)).max(CdsCache::bySize);
    if (finished.isPresent() && dumping == null && !Files.exists(dir.resolve("failed"))) {
      startDump(j.java(), modules, jars, dirs, workDir, finished.get(), archive, dir);
    }
    if (lists.isEmpty() && dumping == null) {
      debug.accept("class-data sharing: recording the classes this run loads, for an archive");
      return j.with(List.of("-XX:DumpLoadedClassList=" + dir.resolve(RECORDED_PREFIX + "%p.lst")), j.classpath());
    }
    return j.with(List.of(), j.classpath());
  }

  /**
   * A recording child writes {@code loaded-pid<PID>.lst} ({@code %p} in the option): with several
   * workers each writes its own, and a list is dumped only once its JVM is gone (a list still being
   * written ends mid-line, and JDK 25 refuses to dump from it).
   */
  static final String RECORDED_PREFIX = "loaded-";

  private static List<Path> recordedLists(Path dir) {
    try (Stream<Path> all = Files.list(dir)) {
      return all.filter(p -> p.getFileName().toString().matches(RECORDED_PREFIX + "pid\\d+\\.lst")).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  static boolean recorderAlive(Path list) {
    String name = list.getFileName().toString();
    long pid = Long.parseLong(name.substring((RECORDED_PREFIX + "pid").length(), name.length() - ".lst".length()));
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static int bySize(Path a, Path b) {
    try {
      return Long.compare(Files.size(a), Files.size(b));
    } catch (IOException e) {
      return 0;
    }
  }

  /** What {@code -javaagent} (a standby JVM's) adds to the module graph. */
  static final String WITH_AGENT = "--add-modules=java.instrument";

  /** Whether this JDK keeps a module graph dumped with module options (see the class comment). */
  static boolean archivesModuleOptions(int feature) {
    return feature >= 25;
  }

  /** The module options the dump takes: the child's own and {@link #WITH_AGENT}, where that pays. */
  static List<String> dumpModules(JavaCommand j, int feature) {
    if (!archivesModuleOptions(feature)) {
      return List.of();
    }
    List<String> out = new ArrayList<>(j.moduleOptions());
    out.add(WITH_AGENT);
    return out;
  }

  /** Whether this command is a recording run: its class list is complete only once it has stopped. */
  public static boolean records(List<String> command) {
    return command.stream().anyMatch(a -> a.startsWith("-XX:DumpLoadedClassList"));
  }

  /** Whether a dump is running now (tests wait for it). */
  public boolean dumping() {
    return dumping != null;
  }

  private void startDump(String java, List<String> modules, List<String> jars, List<String> dirs, Path workDir,
      Path rawList, Path archive, Path dir) {
    Thread t = new Thread(() -> {
      try {
        dump(java, modules, jars, dirs, workDir, rawList, archive, dir);
      } finally {
        dumping = null;
      }
    }, "cds-dump");
    t.setDaemon(true);
    dumping = t;
    t.start();
  }

  private void dump(String java, List<String> modules, List<String> jars, List<String> dirs, Path workDir,
      Path rawList, Path archive, Path dir) {
    long t0 = System.nanoTime();
    try {
      Path list = dir.resolve("deps.lst");
      List<String> kept = new ArrayList<>();
      String recorded = Files.readString(rawList, StandardCharsets.UTF_8);
      recorded = recorded.substring(0, recorded.lastIndexOf('\n') + 1); // a JVM killed while writing leaves half a line
      for (String line : recorded.lines().toList()) {
        String name = line.split(" ", 2)[0];
        if (line.startsWith("#") || line.isBlank() || fromApp(name, dirs, workDir)) {
          continue;
        }
        kept.add(line);
      }
      Files.write(list, kept, StandardCharsets.UTF_8);
      Path tmp = dir.resolve("deps.jsa.tmp");
      List<String> argv = new ArrayList<>(List.of(java, "-Xshare:dump"));
      argv.addAll(modules);
      argv.addAll(List.of("-XX:SharedClassListFile=" + list, "-XX:SharedArchiveFile=" + tmp, "-cp",
          String.join(File.pathSeparator, jars)));
      Path log = dir.resolve("dump.log");
      Process p = new ProcessBuilder(wrap.apply(argv)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("dump took longer than 120 s");
      }
      if (p.exitValue() != 0 || !Files.isRegularFile(tmp)) {
        List<String> out = Files.readAllLines(log, StandardCharsets.UTF_8);
        throw new IOException("java -Xshare:dump exited with " + p.exitValue() + " (" + log + "): "
            + String.join(" / ", out.subList(Math.max(0, out.size() - 3), out.size())));
      }
      Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      debug.accept("class-data sharing: archive of " + kept.size() + " classes ready in "
          + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms; used from the next start");
    } catch (IOException | RuntimeException e) {
      debug.accept("class-data sharing off for this class path: " + e.getMessage());
      try {
        Files.writeString(dir.resolve("failed"), String.valueOf(e.getMessage()));
      } catch (IOException ignored) {
        // nothing else to do: the next start simply runs without an archive
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean fromApp(String internalName, List<String> dirs, Path workDir) {
    for (String d : dirs) {
      if (Files.exists(workDir.resolve(d).resolve(internalName + ".class"))) {
        return true;
      }
    }
    return false;
  }

  /** Same java binary, same jars (path, size, time) and same module options for the dump give the same key. */
  static String key(String java, List<String> jars, List<String> modules) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      Path javaPath = Executables.find(java, System.getenv("PATH"), Path.of("")).orElse(Path.of(java));
      md.update(identity(javaPath).getBytes(StandardCharsets.UTF_8));
      for (String jar : jars) {
        md.update(identity(Path.of(jar)).getBytes(StandardCharsets.UTF_8));
      }
      for (String option : modules) { // none on JDK 17: its keys stay what they were
        md.update((option + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(md.digest(), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code real path|size|time} of a file, one line; {@code path|missing} when it is not there. */
  static String identity(Path p) {
    try {
      Path real = p.toRealPath();
      return real + "|" + Files.size(real) + "|" + Files.getLastModifiedTime(real).toMillis() + "\n";
    } catch (IOException e) {
      return p + "|missing\n";
    }
  }
}
