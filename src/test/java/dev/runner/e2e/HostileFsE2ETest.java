package dev.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Watched trees that are hostile to a file watcher (issue 7): huge, looping, partly unreadable,
 * oddly named, reached through a symbolic link, or beyond the inotify limits. Each case checks the
 * outcome a user cares about (a change still restarts the child, the runner says what is wrong,
 * it stays responsive), with native events and, where the poller walks the same trees, with
 * {@code --poll}. The child is the {@code FileServer} fixture: it serves what {@code App.class}
 * held when it started, and its pid.
 */
class HostileFsE2ETest {
  private static final Duration LONG = Duration.ofSeconds(60);

  /** How the runner finds changes. */
  enum Watching {
    NATIVE(List.of()),
    POLL(List.of("--poll", "200ms"));

    final List<String> options;

    Watching(List<String> options) {
      this.options = options;
    }
  }

  @TempDir Path dir;
  private Path classes;
  private int port;

  @BeforeEach
  void layout() throws IOException {
    classes = Files.createDirectories(dir.resolve("classes"));
    Files.writeString(classes.resolve("App.class"), "v0");
    port = Net.freePort();
  }

  // ---- the cases ----

  @Test
  void aTreeOfOneHundredThousandFilesStartsWithoutHashingAndAChangeDeepInsideIsSeen() throws Exception {
    // the measurements are printed (for the README), never asserted
    Measured small = startUp(List.of("-w", "classes"), "classes/App.class", r -> { });

    Path big = bigTreeHome();
    try {
      long t0 = System.nanoTime();
      for (int d = 0; d < 1000; d++) {
        Path sub = Files.createDirectories(big.resolve(String.format("pkg%03d", d)));
        for (int f = 0; f < 100; f++) {
          Files.createFile(sub.resolve("C" + f + ".class")); // empty: the tree is what counts, not the bytes
        }
      }
      Files.writeString(big.resolve("App.class"), "v0");
      long createdMs = (System.nanoTime() - t0) / 1_000_000;
      String where = Files.getFileStore(big).type();

      for (Watching w : Watching.values()) {
        List<String> options = new ArrayList<>(w == Watching.POLL ? List.of("--poll", "1s") : List.of());
        options.addAll(List.of("-w", big.toString()));
        Measured m = startUp(options, big.resolve("App.class").toString(), r -> {
          Files.writeString(big.resolve("pkg777/C42.class"), "changed");
          r.await("changed " + Pattern.quote(big.resolve("pkg777/C42.class").toString())
              + "; restarting \\(pid \\d+ -> \\d+\\) \\.\\.\\. ready in", LONG);
        });
        System.out.printf("[hostile-fs] 100,000 files in 1,000 directories on %s (created in %d ms), %s: runner start ->"
            + " child ready %d ms (tiny tree: %d ms); runner RSS %d MB when ready (peak %d MB after a change; tiny tree"
            + " %d MB)%n", where, createdMs, w == Watching.POLL ? "--poll 1s" : "native events", m.readyMs,
            small.readyMs, m.rssKb / 1024, m.peakKb / 1024, small.rssKb / 1024);
        m.notes.forEach(n -> System.out.println("[hostile-fs]   runner said: " + n));
      }
    } finally {
      deleteTree(big);
    }
  }

  /**
   * Where the 100,000 files go: on tmpfs when there is one, since creating them on a busy VM's
   * ext4 took 30-70 s of kernel time (2.5 s on tmpfs), which the suite cannot afford; else in the
   * test's directory. The watcher's work is the same on both.
   */
  private Path bigTreeHome() throws IOException {
    Path shm = Path.of("/dev/shm");
    if (Files.isDirectory(shm) && Files.isWritable(shm)) {
      return Files.createTempDirectory(shm, "runner-hostile-fs-");
    }
    return Files.createDirectories(dir.resolve("big"));
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Watching.class)
  void symlinkLoopsInsideTheTreeNeitherHangNorRunAwayAndChangesAreStillSeen(Watching w) throws Exception {
    Path a = Files.createDirectories(classes.resolve("a/b"));
    Files.createSymbolicLink(a.resolve("loop"), Path.of("."));          // a/b/loop -> a/b
    Files.createSymbolicLink(a.resolve("up"), Path.of("../.."));        // a/b/up -> classes
    Files.createSymbolicLink(classes.resolve("self"), classes);         // classes/self -> classes
    Files.createSymbolicLink(classes.resolve("dangling"), Path.of("no/such/target"));
    try (RunnerProcess r = runner(w.options, List.of("-w", "classes"), "classes/App.class")) {
      awaitServed(r, "v0");
      long first = servingPid();
      atomicWrite(a.resolve("x.txt"), "1");
      r.await("changed classes/a/b/x\\.txt; restarting \\(pid " + first + " -> \\d+\\) \\.\\.\\. ready in", LONG);
      atomicWrite(classes.resolve("App.class"), "v1");
      awaitServed(r, "v1");
      assertEquals(2, r.count("restarting"), "one restart per change, none from the loops:\n" + r.output());
      assertTrue(r.alive());
    }
  }

  @ParameterizedTest
  @EnumSource(Watching.class)
  void anUnreadableSubdirectoryIsNamedOnceAndTheRestOfTheTreeIsStillWatched(Watching w) throws Exception {
    Path secret = Files.createDirectories(classes.resolve("secret"));
    Files.writeString(secret.resolve("hidden.txt"), "x");
    Path open = Files.createDirectories(classes.resolve("open"));
    Files.writeString(open.resolve("x.txt"), "x");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
    try {
      Unprivileged user = Unprivileged.prepare(dir);
      assertTrue(user.cannotRead(secret), "the runner's user must not be able to read " + secret);
      List<String> args = new ArrayList<>(w.options);
      args.addAll(List.of("--no-cds", "-w", "classes", "--port", Integer.toString(port), "--"));
      args.addAll(user.fixture("FileServer", "classes/App.class"));
      try (RunnerProcess r = RunnerProcess.startRaw(dir, Map.of("PORT", Integer.toString(port)), user.runner(args))) {
        awaitServed(r, "v0");
        r.await("warning: cannot read classes/secret \\(permission denied\\); changes below it are not seen", LONG);
        long first = servingPid();
        Files.writeString(open.resolve("x.txt"), "changed");
        r.await("changed classes/open/x\\.txt; restarting \\(pid " + first + " -> \\d+\\) \\.\\.\\. ready in", LONG);
        Files.writeString(classes.resolve("App.class"), "v1");
        awaitServed(r, "v1");
        assertEquals(1, r.count("cannot read classes/secret"), "said once:\n" + r.output());
      }
    } finally {
      Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @ParameterizedTest
  @EnumSource(Watching.class)
  void namesWithSpacesNewlinesAndNonAsciiTriggerReloadsAndArePrintedOnOneLine(Watching w) throws Exception {
    Files.createDirectories(classes.resolve("odd dir"));
    // made and changed by the shell, so that the names do not depend on this JVM's file name encoding
    shellWrite("classes/odd dir/new\\nline.txt", "0");
    shellWrite("classes/odd dir/w\\303\\251ird \\303\\274n\\303\\257code \\342\\234\\223.txt", "0");
    shellWrite("classes/odd dir/with  two spaces.txt", "0");
    Map<String, String> utf8 = Map.of("LC_ALL", "C.UTF-8", "PORT", Integer.toString(port));
    try (RunnerProcess r = runner(w.options, List.of("-w", "classes"), "classes/App.class", utf8)) {
      awaitServed(r, "v0");
      shellWrite("classes/odd dir/new\\nline.txt", "1");
      r.await("changed classes/odd dir/new\\\\nline\\.txt; restarting \\(pid \\d+ -> \\d+\\) \\.\\.\\. ready in", LONG);
      shellWrite("classes/odd dir/w\\303\\251ird \\303\\274n\\303\\257code \\342\\234\\223.txt", "1");
      r.await("changed classes/odd dir/w\u00e9ird \u00fcn\u00efcode \u2713\\.txt; restarting \\(pid \\d+ -> \\d+\\)"
          + " \\.\\.\\. ready in", LONG);
      shellWrite("classes/odd dir/with  two spaces.txt", "1");
      r.await("changed classes/odd dir/with  two spaces\\.txt; restarting \\(pid \\d+ -> \\d+\\) \\.\\.\\. ready in", LONG);
      assertFalse(r.output().lines().anyMatch(l -> l.startsWith("line.txt")), "no name split over lines:\n" + r.output());
      assertTrue(r.alive());
    }
  }

  @Test
  void underTheCLocaleANonAsciiNameStillTriggersAReload() throws Exception {
    shellWrite("classes/w\\303\\251ird.txt", "0");
    Map<String, String> c = Map.of("LC_ALL", "C", "PORT", Integer.toString(port));
    try (RunnerProcess r = runner(List.of(), List.of("-w", "classes"), "classes/App.class", c)) {
      awaitServed(r, "v0");
      shellWrite("classes/w\\303\\251ird.txt", "1");
      // the JVM cannot decode the name in this locale; the bytes it could not read show as '?' or U+FFFD
      r.await("changed classes/w.{1,2}ird\\.txt; restarting \\(pid \\d+ -> \\d+\\) \\.\\.\\. ready in", LONG);
      atomicWrite(classes.resolve("App.class"), "v1");
      awaitServed(r, "v1");
    }
  }

  @ParameterizedTest
  @EnumSource(Watching.class)
  void aWatchedRootThatIsASymlinkToADirectoryIsWatchedThroughTheLink(Watching w) throws Exception {
    Path real = Files.createDirectories(dir.resolve("real/target/classes"));
    Files.writeString(real.resolve("App.class"), "v0");
    Files.createSymbolicLink(dir.resolve("linked"), Path.of("real/target/classes"));
    try (RunnerProcess r = runner(w.options, List.of("-w", "linked"), "linked/App.class")) {
      awaitServed(r, "v0");
      Files.writeString(real.resolve("App.class"), "v1");
      awaitServed(r, "v1");
      r.await("changed linked/App\\.class; restarting", LONG);
      long pid = servingPid();
      Path fresh = Files.createDirectories(real.resolve("com/example"));
      Files.writeString(fresh.resolve("New.class"), "new");
      r.await("changed linked/com/example/New\\.class; restarting \\(pid " + pid + " -> \\d+\\)", LONG);
    }
  }

  @Test
  void pollChosenExplicitlySeesChangesCreationsAndDeletionsWithoutInotify() throws Exception {
    Path sub = Files.createDirectories(classes.resolve("sub"));
    Files.writeString(sub.resolve("old.txt"), "x");
    try (RunnerProcess r = runner(List.of("--poll", "200ms"), List.of("-w", "classes"), "classes/App.class")) {
      awaitServed(r, "v0");
      r.await("watching classes \\(polling every 200ms\\)", LONG);
      assertEquals(0, inotifyDescriptors(r.pid()), "no inotify instance with --poll");
      Files.writeString(classes.resolve("App.class"), "v1");
      awaitServed(r, "v1");
      long pid = servingPid();
      Path created = Files.createDirectories(classes.resolve("new/deeper"));
      Files.writeString(created.resolve("N.class"), "n");
      r.await("changed classes/new/deeper/N\\.class; restarting \\(pid " + pid + " -> \\d+\\) \\.\\.\\. ready in", LONG);
      Files.delete(sub.resolve("old.txt"));
      r.await("removed classes/sub/old\\.txt; restarting", LONG);
      assertTrue(r.alive());
    }
  }

  @Test
  void theInotifyWatchLimitGivesOneClearLineAndAPollingFallbackThatSeesChanges() throws Exception {
    assumeUserNamespaces();
    for (int d = 0; d < 120; d++) {
      Path sub = Files.createDirectories(classes.resolve(String.format("pkg%03d", d)));
      Files.writeString(sub.resolve("C.class"), "c");
    }
    String hostWatches = sysctl("/proc/sys/user/max_inotify_watches");
    String hostSysctl = sysctl("/proc/sys/fs/inotify/max_user_watches");
    // a user namespace of its own with a limit of 50 watches (only /proc/sys/user is per namespace:
    // fs.inotify.max_user_watches is the machine's, and root could change it from inside)
    try (RunnerProcess r = inNamespace("echo 50 > /proc/sys/user/max_inotify_watches",
        List.of("-w", "classes"), "classes/App.class")) {
      awaitServed(r, "v0");
      String line = r.await("(warning: inotify watch limit reached[^\n]*)", LONG);
      assertTrue(line.contains("(fs.inotify.max_user_watches = 50)") && line.contains("sudo sysctl"), line);
      assertTrue(line.contains("polling every 1s instead"), line);
      long first = servingPid();
      Files.writeString(classes.resolve("pkg119/C.class"), "changed");
      r.await("changed classes/pkg119/C\\.class; restarting \\(pid " + first + " -> \\d+\\) \\.\\.\\. ready in", LONG);
      Files.writeString(classes.resolve("App.class"), "v1");
      awaitServed(r, "v1");
      assertEquals(1, r.count("inotify watch limit"), "said once:\n" + r.output());
      assertFalse(r.output().contains("retrying"), r.output());
    } finally {
      assertEquals(hostWatches, sysctl("/proc/sys/user/max_inotify_watches"), "this machine's limit is untouched");
      assertEquals(hostSysctl, sysctl("/proc/sys/fs/inotify/max_user_watches"), "this machine's limit is untouched");
    }
  }

  @Test
  void theInotifyWatchLimitReachedWhileRunningSwitchesThatRootToPolling() throws Exception {
    assumeUserNamespaces();
    for (int d = 0; d < 30; d++) {
      Files.createDirectories(classes.resolve(String.format("pkg%03d", d)));
    }
    try (RunnerProcess r = inNamespace("echo 50 > /proc/sys/user/max_inotify_watches",
        List.of("-w", "classes"), "classes/App.class")) {
      awaitServed(r, "v0");
      Poll.until(LONG, () -> inotifyDescriptors(r.pid()) == 1, () -> "native events at first:\n" + r.output());
      for (int d = 0; d < 40; d++) { // a generated tree appears: 30 + 40 directories > 50 watches
        Files.createDirectories(classes.resolve(String.format("gen/sub%03d", d)));
      }
      r.await("warning: inotify watch limit reached \\(fs.inotify.max_user_watches = 50\\) while watching classes:"
          + " polling every 1s instead", LONG);
      Poll.until(LONG, () -> inotifyDescriptors(r.pid()) == 0, () -> "the native watcher closed:\n" + r.output());
      // events may have been missed before the switch: one restart covers them
      r.await("watched files changed \\(rescan\\); restarting \\(pid \\d+ -> \\d+\\) \\.\\.\\. ready in", LONG);
      Files.writeString(classes.resolve("gen/sub039/Late.class"), "late");
      r.await("changed classes/gen/sub039/Late\\.class; restarting \\(pid \\d+ -> \\d+\\)", LONG);
      Files.writeString(classes.resolve("App.class"), "v1");
      awaitServed(r, "v1");
    }
  }

  @Test
  void theInotifyInstanceLimitGivesOneClearLineAndAPollingFallbackThatSeesChanges() throws Exception {
    assumeUserNamespaces();
    Files.createDirectories(dir.resolve("src"));
    try (RunnerProcess r = inNamespace("echo 0 > /proc/sys/user/max_inotify_instances",
        List.of("-w", "classes", "-w", "src"), "classes/App.class")) {
      awaitServed(r, "v0");
      String line = r.await("(warning: inotify instance limit reached[^\n]*)", LONG);
      assertTrue(line.contains("fs.inotify.max_user_instances") && line.contains("polling every 1s instead"), line);
      long first = servingPid();
      Files.writeString(dir.resolve("src/A.txt"), "a");
      r.await("changed src/A\\.txt; restarting \\(pid " + first + " -> \\d+\\) \\.\\.\\. ready in", LONG);
      Files.writeString(classes.resolve("App.class"), "v1");
      awaitServed(r, "v1");
      assertEquals(1, r.count("inotify instance limit"), "said once for both roots:\n" + r.output());
    }
  }

  // ---- helpers ----

  private record Measured(long readyMs, long rssKb, long peakKb, List<String> notes) {}

  private interface Then {
    void run(RunnerProcess r) throws Exception;
  }

  /** Starts a runner, times start -> first answer, reads its RSS once the child is ready, then runs {@code then}. */
  private Measured startUp(List<String> options, String served, Then then) throws Exception {
    Files.writeString(dir.resolve(served), "v0");
    long t0 = System.nanoTime();
    try (RunnerProcess r = runner(List.of(), options, served)) {
      awaitServed(r, "v0");
      long readyMs = (System.nanoTime() - t0) / 1_000_000;
      long rss = status(r.pid(), "VmRSS");
      then.run(r);
      List<String> notes = r.output().lines().filter(l -> l.contains("walking the polled trees")).toList();
      return new Measured(readyMs, rss, status(r.pid(), "VmHWM"), notes);
    }
  }

  private RunnerProcess runner(List<String> watching, List<String> options, String served) throws IOException {
    return runner(watching, options, served, Map.of("PORT", Integer.toString(port)));
  }

  private RunnerProcess runner(List<String> watching, List<String> options, String served, Map<String, String> env)
      throws IOException {
    return RunnerProcess.start(dir, env, args(watching, options, served));
  }

  private List<String> args(List<String> watching, List<String> options, String served) {
    List<String> args = new ArrayList<>(watching);
    args.addAll(options);
    args.addAll(List.of("--port", Integer.toString(port), "--"));
    args.addAll(RunnerProcess.fixture("FileServer", served));
    return args;
  }

  /** The runner in a user namespace of its own, after {@code setup} ran there as its root. */
  private RunnerProcess inNamespace(String setup, List<String> options, String served) throws IOException {
    List<String> argv = new ArrayList<>(List.of("unshare", "-U", "-r", "sh", "-c",
        setup + " || { echo 'namespace setup failed: " + setup + "'; exit 97; }; exec \"$@\"", "sh"));
    argv.add(RunnerProcess.JAVA);
    argv.addAll(RunnerProcess.RUNNER_JVM);
    argv.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.runner.Main"));
    argv.addAll(args(List.of(), options, served));
    return RunnerProcess.startRaw(dir, Map.of("PORT", Integer.toString(port)), argv);
  }

  private static void assumeUserNamespaces() throws Exception {
    Process p = new ProcessBuilder("unshare", "-U", "-r", "true").redirectErrorStream(true).start();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = p.waitFor();
    if (exit != 0) {
      System.out.println("[hostile-fs] SKIPPED: user namespaces are not available here (unshare -U -r: " + said.strip()
          + "); the inotify limit cannot be lowered for one test");
    }
    Assumptions.assumeTrue(exit == 0, "user namespaces unavailable: " + said.strip());
  }

  private void awaitServed(RunnerProcess r, String content) {
    Poll.until(LONG, () -> Net.get(port, "/").equals(Optional.of(content)),
        () -> "GET / answering '" + content + "'; runner said:\n" + r.output());
  }

  private long servingPid() {
    return Long.parseLong(Net.get(port, "/pid").orElseThrow());
  }

  /** Written elsewhere and renamed into place, as editors save: no half-written state to see. */
  private void atomicWrite(Path target, String content) throws IOException {
    Path tmp = Files.writeString(dir.resolve(".staging-" + target.getFileName()), content);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** {@code printf CONTENT > "$(printf NAME)"} in {@link #dir}: NAME may hold printf escapes (\n, \303). */
  private void shellWrite(String escapedName, String content) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", "printf %s \"$2\" > \"$(printf \"$1\")\"", "sh", escapedName, content)
        .directory(dir.toFile()).redirectErrorStream(true).start();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "writing " + escapedName + ": " + said);
  }

  /** A sysctl's value, in one read (an integer sysctl answers a read past offset 0 with end of file). */
  private static String sysctl(String file) throws IOException {
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      byte[] buf = new byte[64];
      int n = in.read(buf);
      return new String(buf, 0, Math.max(n, 0), StandardCharsets.US_ASCII).trim();
    }
  }

  /** A field of /proc/PID/status in kB (VmRSS, VmHWM). */
  private static long status(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
      }
    }
    throw new AssertionError(field + " not in /proc/" + pid + "/status");
  }

  /** How many inotify instances the process holds open. */
  private static long inotifyDescriptors(long pid) {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return fds.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).toString().equals("anon_inode:inotify");
        } catch (IOException e) {
          return false; // closed meanwhile
        }
      }).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The user the runner runs as in {@link #anUnreadableSubdirectoryIsNamedOnceAndTheRestOfTheTreeIsStillWatched}:
   * root reads every directory whatever its mode, so when the tests run as root the runner is
   * started as nobody (setpriv), from a copy of the class path that nobody can read, in a test
   * directory opened up to it; as any other user it simply runs as that user.
   */
  private record Unprivileged(List<String> prefix, String classPath, String testClasses) {
    static Unprivileged prepare(Path dir) throws IOException {
      if (!(Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0))) {
        return new Unprivileged(List.of(), System.getProperty("java.class.path"),
            Path.of("target/test-classes").toAbsolutePath().toString());
      }
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path cp = Files.createDirectories(dir.resolve(".cp"));
      List<String> entries = new ArrayList<>();
      int i = 0;
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        Path from = Path.of(entry);
        if (!Files.exists(from)) {
          continue;
        }
        Path to = cp.resolve((i++) + "-" + from.getFileName());
        copyTree(from, to);
        entries.add(to.toString());
      }
      String testClasses = cp.resolve("test-classes").toString();
      copyTree(Path.of("target/test-classes").toAbsolutePath(), Path.of(testClasses));
      return new Unprivileged(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"),
          String.join(File.pathSeparator, entries), testClasses);
    }

    private static void copyTree(Path from, Path to) throws IOException {
      try (Stream<Path> all = Files.walk(from)) {
        for (Path p : (Iterable<Path>) all::iterator) {
          Path target = to.resolve(from.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(target);
          } else {
            Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }

    List<String> runner(List<String> args) {
      List<String> argv = new ArrayList<>(prefix);
      argv.add(RunnerProcess.JAVA);
      argv.addAll(RunnerProcess.RUNNER_JVM);
      argv.addAll(List.of("-cp", classPath, "dev.runner.Main"));
      argv.addAll(args);
      return argv;
    }

    List<String> fixture(String mainClass, String... args) {
      List<String> argv = new ArrayList<>(List.of(RunnerProcess.JAVA));
      argv.addAll(RunnerProcess.FAST_JVM);
      argv.addAll(List.of("-cp", testClasses, "dev.runner.fixtures." + mainClass));
      argv.addAll(List.of(args));
      return argv;
    }

    /** Whether this user is refused a listing of {@code dir} (checked, not assumed). */
    boolean cannotRead(Path dir) throws Exception {
      List<String> argv = new ArrayList<>(prefix);
      argv.addAll(List.of("ls", dir.toString()));
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() != 0;
    }
  }
}
