package dev.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apps as they are written, with a tiny fixture app: one that binds a port of its own instead of
 * {@code PORT}, and one whose routes answer 404 for a while after its port opened.
 */
class AppPortsE2ETest {
  private static final Duration LONG = Duration.ofSeconds(60);

  @TempDir Path dir;

  private RunnerProcess runner(int port, String... fixtureArgs) throws Exception {
    return runner(port, List.of(), fixtureArgs);
  }

  private RunnerProcess runner(int port, List<String> options, String... fixtureArgs) throws Exception {
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Files.writeString(classes.resolve("App.class"), "v0");
    List<String> args = new ArrayList<>(List.of("-w", "classes", "--port", Integer.toString(port)));
    args.addAll(options);
    args.addAll(List.of("--", RunnerProcess.JAVA, "-cp", Path.of("target/test-classes").toAbsolutePath().toString(),
        "dev.runner.fixtures.MainReport"));
    args.addAll(List.of(fixtureArgs));
    args.add("classes/App.class");
    return RunnerProcess.start(dir, Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString()), args);
  }

  @Test
  void anAppThatListensOnAPortOfItsOwnIsServedThroughTheRunnersPortAndToldSoInOneLine() throws Exception {
    int port = Net.freePort();
    int own = Net.freePort();
    try (RunnerProcess r = runner(port, "--listen", Integer.toString(own))) {
      r.await("listening on 127.0.0.1:" + own, LONG); // the child's own line: its port is open
      String line = "pid \\d+ listens on 127.0.0.1:" + own + ", not on its PORT=\\d+; proxying port " + port + " to it";
      Poll.until(Duration.ofSeconds(5), () -> r.count(line) == 1, () -> "one line about the port:\n" + r.output());
      Poll.until(LONG, () -> Net.get(port, "/").equals(Optional.of("v0")), () -> "served:\n" + r.output());
      assertTrue(r.output().contains("SERVER_PORT"), "it says what to set: " + r.output());

      Files.writeString(dir.resolve("classes/App.class"), "v1"); // and again after a reload, without a word
      Poll.until(LONG, () -> Net.get(port, "/").equals(Optional.of("v1")), () -> "v1 served:\n" + r.output());
      assertEquals(1, r.count(line), r.output());
    }
  }

  @Test
  void withoutTheProxyAnAppOnAPortOfItsOwnIsToldWhatToChangeWithinSecondsOfItsPortOpening() throws Exception {
    int port = Net.freePort();
    int own = Net.freePort();
    try (RunnerProcess r = runner(port, List.of("--no-proxy"), "--listen", Integer.toString(own))) {
      r.await("listening on 127.0.0.1:" + own, LONG);
      Poll.until(Duration.ofSeconds(5), () -> r.count("pid \\d+ listens on port " + own + " but not on --port " + port
          + " \\(given to it in PORT\\); have the app read PORT") == 1, () -> "one line about the port:\n" + r.output());
    }
  }

  /** Reloads three times while a client requests GET / back to back; returns the answers by status. */
  private Map<Integer, Integer> reloadWhileRequesting(RunnerProcess r, int port) throws Exception {
    Poll.until(LONG, () -> Net.get(port, "/").equals(Optional.of("v0")), () -> "served:\n" + r.output());
    try (StatusRecorder requests = new StatusRecorder(port, "/")) {
      for (int i = 1; i <= 3; i++) {
        String version = "v" + i;
        Files.writeString(dir.resolve("classes/App.class"), version);
        Poll.until(LONG, () -> Net.get(port, "/").equals(Optional.of(version)), () -> version + ":\n" + r.output());
      }
      requests.close();
      return requests.counts();
    }
  }

  /**
   * A debugger on "any port" opens before the app's own port: the runner binds it to a port it
   * chose, so a slow app is not mistaken for the debugger (it used to proxy HTTP to JDWP).
   */
  @Test
  void aDebuggerOnAnyPortIsNotTakenForTheAppsPortWhileTheAppIsSlowToListen() throws Exception {
    int port = Net.freePort();
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Files.writeString(classes.resolve("App.class"), "v0");
    List<String> args = List.of("-v", "-w", "classes", "--port", Integer.toString(port), "--", RunnerProcess.JAVA,
        "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0",
        "-cp", Path.of("target/test-classes").toAbsolutePath().toString(), "dev.runner.fixtures.FileServer",
        "--start-delay", "3000", "classes/App.class");
    try (RunnerProcess r = RunnerProcess.start(dir, Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString()), args)) {
      Poll.until(LONG, () -> Net.get(port, "/").equals(Optional.of("v0")), () -> "served:\n" + r.output());
      assertEquals(0, r.count("proxying port"), r.output());
      assertEquals(0, r.count("Debugger failed"), r.output());
    }
  }

  @Test
  void withAReadyPathNoRequestSeesTheRoutesMissingDuringReloads() throws Exception {
    int port = Net.freePort();
    try (RunnerProcess r = runner(port, "--late", "700")) {
      Map<Integer, Integer> without = reloadWhileRequesting(r, port);
      assertTrue(without.getOrDefault(404, 0) > 0, "without --ready-path the fixture's 404s show: " + without);
    }
    try (RunnerProcess r = runner(port, List.of("--ready-path", "/"), "--late", "700")) {
      Map<Integer, Integer> with = reloadWhileRequesting(r, port);
      assertEquals(0, with.getOrDefault(404, 0), "404s while the routes were not there yet: " + with);
      assertTrue(with.getOrDefault(200, 0) > 0, with.toString());
    }
  }
}
