package dev.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.e2e.Census;
import dev.runner.e2e.Net;
import dev.runner.e2e.Poll;
import dev.runner.e2e.RunnerProcess;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./runner} launcher as a newcomer uses it, run after {@code package} (it needs the jar):
 * no arguments means sample-app under reload. Started the way a script starts a background job
 * (SIGINT and SIGQUIT ignored), Ctrl-C must still stop everything, because the launcher resets
 * the dispositions before exec'ing the runner JVM.
 */
class LauncherIT {
  private static final Duration LONG = Duration.ofSeconds(120);
  private static final Path ROOT = Path.of("").toAbsolutePath();

  @Test
  void runnerWithNoArgumentsServesSampleApp_andSigintStopsEverythingEvenFromABackgroundJob() throws Exception {
    int port = Net.freePort();
    List<String> argv = List.of("sh", "-c", "trap '' INT QUIT; exec ./runner", "sh");
    try (RunnerProcess r = RunnerProcess.startRaw(ROOT, Map.of("PORT", Integer.toString(port)), argv)) {
      Poll.until(LONG, () -> Net.get(port, "/").equals(Optional.of("Hello from sample-app\n")),
          () -> "sample-app served by ./runner; it said:\n" + r.output());
      assertTrue(r.output().contains("app on http://127.0.0.1:" + port), r.output());
      assertTrue(r.output().contains("watching sample-app/src/main/java, sample-app/target/classes"), r.output());
      assertEquals(0, sigIgn(r.pid()) & 0x2, "./runner exec'd the runner JVM with SIGINT back to default");
      String launched = Files.readString(Path.of("/proc", Long.toString(r.pid()), "cmdline")).replace('\0', ' ');
      assertTrue(launched.contains("-jar") && launched.contains("runner.jar"),
          "the shell and ./runner exec'd into the runner JVM (same pid, nothing in between): " + launched);
      assertEquals(Optional.of("{\"exitCode\":3}"), Net.request("POST", port, "/run").map(String::strip));
      r.signal("INT");
      assertEquals(130, r.awaitExit(LONG), r.output());
      Poll.until(Duration.ofSeconds(10), () -> Census.of(r.testId).isEmpty(),
          () -> "nothing left after Ctrl-C: " + Census.of(r.testId));
      assertFalse(Net.get(port, "/").isPresent());
    }
  }

  /**
   * {@code ./runner -v}: options alone mean the sample with these options. A value ("3s") must not
   * be taken for a COMMAND. A browser's {@code /} links the live-reload page, which is served.
   */
  @Test
  void runnerWithOptionsOnlyServesSampleAppWithThem() throws Exception {
    int port = Net.freePort();
    List<String> argv = List.of("./runner", "-v", "--grace", "3s");
    try (RunnerProcess r = RunnerProcess.startRaw(ROOT, Map.of("PORT", Integer.toString(port)), argv)) {
      Poll.until(LONG, () -> Net.get(port, "/").equals(Optional.of("Hello from sample-app\n")),
          () -> "sample-app served by ./runner -v; it said:\n" + r.output());
      r.await("phases: ", LONG); // a -v line
      assertEquals(1, r.count("http://"), "one address to open, the runner's:\n" + r.output());
      assertTrue(r.output().contains("app on http://127.0.0.1:" + port), r.output());
      assertTrue(r.output().contains("sample-app listening on internal port"), r.output());
      String home = browserGet(port, "/");
      assertTrue(home.contains("<a href=\"/page\">"), "/ links the live-reload page: " + home);
      assertTrue(browserGet(port, "/page").contains("Hello from sample-app"));
      r.signal("INT");
      assertEquals(130, r.awaitExit(LONG), r.output());
    }
  }

  /** {@code ./runner --live-reload --workers 2 --port N}: two workers, and /page gets the script. */
  @Test
  void runnerWithLiveReloadAndTwoWorkersServesSampleApp() throws Exception {
    int port = Net.freePort();
    List<String> argv = List.of("./runner", "--live-reload", "--workers", "2", "--port", Integer.toString(port));
    try (RunnerProcess r = RunnerProcess.startRaw(ROOT, Map.of(), argv)) {
      r.await("\\(pids \\d+, \\d+\\) \\.\\.\\. ready in", LONG);
      assertEquals(Optional.of("Hello from sample-app\n"), Net.get(port, "/"));
      String status = Net.get(port, "/_runner/status.txt").orElseThrow();
      assertTrue(status.contains("worker 0: pid") && status.contains("worker 1: pid"), status);
      String page = browserGet(port, "/page");
      assertTrue(page.contains("Hello from sample-app") && page.contains("/_runner/live-reload.js"),
          "the live-reload page, with the runner's script: " + page);
      r.signal("INT");
      assertEquals(130, r.awaitExit(LONG), r.output());
    }
  }

  /**
   * The launcher tells an option's value from a COMMAND by a list of the options that take one;
   * every such option of --help must be on it (else `./runner --NEW v` would run 'v').
   */
  @Test
  void theLauncherKnowsEveryOptionThatTakesAValue() throws Exception {
    String script = Files.readString(ROOT.resolve("runner"));
    try (RunnerProcess r = RunnerProcess.startRaw(ROOT, Map.of(), List.of("./runner", "--help"))) {
      assertEquals(0, r.awaitExit(LONG));
      Matcher m = Pattern.compile("(--[a-z-]+)=[A-Z]+").matcher(r.output());
      int seen = 0;
      while (m.find()) {
        seen++;
        String option = m.group(1);
        if (!option.equals("--maven")) { // --maven[=DIR] is a mode of its own: never the sample
          assertTrue(script.matches("(?s).*[|( ]" + option + "[|)].*"), option + " is not in ./runner's list");
        }
      }
      assertTrue(seen > 15, r.output());
    }
  }

  private static String browserGet(int port, String path) throws Exception {
    var c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL()
        .openConnection();
    c.setRequestProperty("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
    c.setConnectTimeout(5000);
    c.setReadTimeout(30000);
    try (var in = c.getInputStream()) {
      assertEquals(200, c.getResponseCode());
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      c.disconnect();
    }
  }

  @Test
  void runnerHelpListsEveryOptionWithItsDefault() throws Exception {
    try (RunnerProcess r = RunnerProcess.startRaw(ROOT, Map.of(), List.of("./runner", "--help"))) {
      assertEquals(0, r.awaitExit(LONG));
      for (String s : List.of("--watch", "--build", "--grace", "--port", "--debounce", "RUNNER_GRACE", "default: 5s")) {
        assertTrue(r.output().contains(s), s + " in:\n" + r.output());
      }
    }
  }

  @Test
  void badInputThroughTheLauncherIsOneLineAndExitTwo() throws Exception {
    try (RunnerProcess r = RunnerProcess.startRaw(ROOT, Map.of(), List.of("./runner", "--grace", "soon", "--", "true"))) {
      assertEquals(2, r.awaitExit(LONG));
      List<String> lines = r.output().lines().filter(l -> !l.isBlank()).toList();
      assertEquals(1, lines.size(), r.output());
      assertTrue(lines.get(0).startsWith("runner: --grace: 'soon' is not a duration"), r.output());
    }
  }

  private static long sigIgn(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("SigIgn:")) {
        return Long.parseLong(line.substring(7).trim(), 16);
      }
    }
    throw new IllegalStateException("no SigIgn for " + pid);
  }
}
