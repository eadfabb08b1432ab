package dev.runner.cds;

import dev.runner.process.Executables;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
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
 * <p>Used from the supervisor's thread only, except for the dump, which runs on its own thread.
 */
public final class CdsCache {
  private final Path root;
  private final Consumer<String> debug;
  private volatile Thread dumping;
  /** The archive last said to be in use, so -v says it once, not at every start. */
  private Path announced;

  public CdsCache(Path root, Consumer<String> debug) {
    this.root = root;
    this.debug = debug;
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
      Path dir = root.resolve(key(j.java(), jars));
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
    Path dir = root.resolve(key(j.java(), jars));
    Path archive = dir.resolve("deps.jsa");
    Path rawList = dir.resolve("loaded.lst");
    List<String> ordered = new ArrayList<>(jars);
    ordered.addAll(dirs);
    if (Files.isRegularFile(archive)) {
      if (!archive.equals(announced)) {
        announced = archive;
        debug.accept("class-data sharing: using " + archive);
      }
      return j.with(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto"), ordered);
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      debug.accept("class-data sharing off: cannot create " + dir + ": " + e.getMessage());
      return j.with(List.of(), j.classpath());
    }
    if (Files.isRegularFile(rawList) && dumping == null && !Files.exists(dir.resolve("failed"))) {
      startDump(j.java(), jars, dirs, workDir, rawList, archive, dir);
    }
    if (!Files.exists(rawList) && dumping == null) {
      debug.accept("class-data sharing: recording the classes this run loads, for an archive");
      return j.with(List.of("-XX:DumpLoadedClassList=" + rawList), j.classpath());
    }
    return j.with(List.of(), j.classpath());
  }

  /** Whether this command is a recording run: its class list is complete only once it has stopped. */
  public static boolean records(List<String> command) {
    return command.stream().anyMatch(a -> a.startsWith("-XX:DumpLoadedClassList"));
  }

  /** Whether a dump is running now (tests wait for it). */
  public boolean dumping() {
    return dumping != null;
  }

  private void startDump(String java, List<String> jars, List<String> dirs, Path workDir, Path rawList,
      Path archive, Path dir) {
    Thread t = new Thread(() -> {
      try {
        dump(java, jars, dirs, workDir, rawList, archive, dir);
      } finally {
        dumping = null;
      }
    }, "cds-dump");
    t.setDaemon(true);
    dumping = t;
    t.start();
  }

  private void dump(String java, List<String> jars, List<String> dirs, Path workDir, Path rawList, Path archive,
      Path dir) {
    long t0 = System.nanoTime();
    try {
      Path list = dir.resolve("deps.lst");
      List<String> kept = new ArrayList<>();
      for (String line : Files.readAllLines(rawList, StandardCharsets.UTF_8)) {
        String name = line.split(" ", 2)[0];
        if (line.startsWith("#") || line.isBlank() || fromApp(name, dirs, workDir)) {
          continue;
        }
        kept.add(line);
      }
      Files.write(list, kept, StandardCharsets.UTF_8);
      Path tmp = dir.resolve("deps.jsa.tmp");
      Process p = new ProcessBuilder(java, "-Xshare:dump", "-XX:SharedClassListFile=" + list,
          "-XX:SharedArchiveFile=" + tmp, "-cp", String.join(File.pathSeparator, jars))
          .redirectErrorStream(true).redirectOutput(Redirect.DISCARD).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("dump took longer than 120 s");
      }
      if (p.exitValue() != 0 || !Files.isRegularFile(tmp)) {
        throw new IOException("java -Xshare:dump exited with " + p.exitValue());
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

  /** Same java binary and same jars (path, size, time) give the same key. */
  static String key(String java, List<String> jars) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      Path javaPath = Executables.find(java, System.getenv("PATH"), Path.of("")).orElse(Path.of(java));
      md.update(identity(javaPath).getBytes(StandardCharsets.UTF_8));
      for (String jar : jars) {
        md.update(identity(Path.of(jar)).getBytes(StandardCharsets.UTF_8));
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
