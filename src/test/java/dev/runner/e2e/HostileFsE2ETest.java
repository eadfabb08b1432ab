package dev.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Watched trees that are hostile to a file watcher (issue 7): oddly named files. Each case checks the
 * outcome a user cares about (a change still restarts the child, the runner says what is wrong,
 * it stays responsive). The child is the {@code FileServer} fixture: it serves what {@code App.class}
 * held when it started, and its pid.
 */
class HostileFsE2ETest {
  private static final Duration LONG = Duration.ofSeconds(60);

  /** How the runner finds changes. */
  enum Watching {
    NATIVE(List.of());

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

  // ---- helpers ----

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

}
