package dev.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.control.StatusSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --hotswap --javac} end to end: a tiny HTTP app served through the runner. A body-only
 * edit is served by the same pid (its static state kept) and the runner says "swapped"; a field
 * added restarts it (new pid) and says why; the same edit without {@code --hotswap} restarts.
 */
class HotswapRunnerE2ETest {
  private static final Duration LONG = Duration.ofSeconds(60);
  private static final Pattern ANSWER = Pattern.compile("^(.*) pid=(\\d+) hits=(\\d+)$");

  private static final String MAIN = """
      package app;
      import com.sun.net.httpserver.HttpServer;
      import java.net.InetSocketAddress;
      import java.nio.charset.StandardCharsets;
      public class Main {
        static int hits;
        public static void main(String[] args) throws Exception {
          int port = Integer.parseInt(System.getenv("PORT"));
          HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
          server.createContext("/", x -> {
            hits++;
            byte[] b = (Greeting.greet() + " pid=" + ProcessHandle.current().pid() + " hits=" + hits)
                .getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
          });
          server.start();
        }
      }
      """;

  private static String greeting(String body) {
    return "package app;\npublic class Greeting {\n" + body + "\n}\n";
  }

  @TempDir Path tmp;

  private record Answer(String text, long pid, int hits) {}

  @Test
  void aBodyEditIsSwappedIntoTheSamePidAndAFieldAddedRestarts() throws Exception {
    int port = Net.freePort();
    try (RunnerProcess r = start(port, true)) {
      Answer first = served(port, "hello v1");
      oneAppProcess(r, "one app process: ");
      served(port, "hello v1"); // a second request: hits goes on counting in the same JVM

      write("static String greet() { return \"hello v2\"; }");
      Answer swapped = served(port, "hello v2");
      assertEquals(first.pid(), swapped.pid(), "the same JVM serves the new body:\n" + r.output());
      assertTrue(swapped.hits() > 2, "static state kept across the swap (hits " + swapped.hits() + ")");
      r.await("swapped Greeting\\.greet\\(\\) in pid " + first.pid() + " \\(\\d+ ms\\)", LONG);
      Map<String, Object> status = StatusSchema.check(Net.get(port, "/_runner/status").orElse("{}"));
      Map<?, ?> last = (Map<?, ?>) status.get("lastReload");
      assertEquals("swapped", last.get("result"), "lastReload: " + last);
      assertTrue(last.get("millis") instanceof Long, "lastReload: " + last);
      oneAppProcess(r, "still one app process: ");

      write("static int count;\nstatic String greet() { return \"hello v3\"; }");
      Answer restarted = served(port, "hello v3");
      assertNotEquals(first.pid(), restarted.pid(), "a field added: a new JVM\n" + r.output());
      r.await("restarting \\(field added: [^;]*count[^;]*; pid " + first.pid() + " -> " + restarted.pid()
          + "\\) \\.\\.\\. ready in", LONG);
      Poll.until(LONG, () -> !Census.alive(first.pid()), () -> "the old pid " + first.pid() + " gone");

      // the new generation (a standby JVM, when one was ready) has its agent too
      write("static int count;\nstatic String greet() { return \"hello v4\"; }");
      Answer again = served(port, "hello v4");
      assertEquals(restarted.pid(), again.pid(), "swapped into the restarted JVM:\n" + r.output());
      r.await("swapped Greeting\\.greet\\(\\) in pid " + restarted.pid(), LONG);
      oneAppProcess(r, "one app process at the end: ");
    }
  }

  @Test
  void withTwoWorkersBothAreSwappedAndKeepTheirPids() throws Exception {
    int port = Net.freePort();
    try (RunnerProcess r = start(port, true, "--workers", "2")) {
      Set<Long> before = pidsServing(port, "hello v1");
      write("static String greet() { return \"hello v2\"; }");
      r.await("swapped Greeting\\.greet\\(\\) in pids \\d+, \\d+ \\(\\d+ ms\\)", LONG);
      assertEquals(before, pidsServing(port, "hello v2"), "the same two JVMs serve the new body:\n" + r.output());
    }
  }

  /** Polls until two workers have answered {@code text}; their pids. */
  private static Set<Long> pidsServing(int port, String text) {
    Set<Long> pids = new TreeSet<>();
    Poll.until(LONG, () -> {
      Answer a = served(port, text);
      pids.add(a.pid());
      return pids.size() == 2;
    }, () -> "two workers answering '" + text + "', got " + pids);
    return pids;
  }

  @Test
  void withoutHotswapABodyEditRestarts() throws Exception {
    int port = Net.freePort();
    try (RunnerProcess r = start(port, false)) {
      Answer first = served(port, "hello v1");
      write("static String greet() { return \"hello v2\"; }");
      Answer next = served(port, "hello v2");
      assertNotEquals(first.pid(), next.pid(), r.output());
      assertTrue(!r.output().contains("swapped"), r.output());
      oneAppProcess(r, "one app process: ");
    }
  }

  private RunnerProcess start(int port, boolean hotswap, String... more) throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src/app"));
    Files.writeString(src.resolve("Main.java"), MAIN);
    write("static String greet() { return \"hello v1\"; }");
    Files.createDirectories(tmp.resolve("out"));
    List<String> args = new ArrayList<>(List.of("-v", "--port", Integer.toString(port), "-w", "src", "-w", "out",
        "--javac"));
    if (hotswap) {
      args.add("--hotswap");
    }
    args.addAll(List.of(more));
    args.add("--");
    args.add(RunnerProcess.JAVA);
    args.addAll(RunnerProcess.FAST_JVM);
    args.addAll(List.of("-cp", "out", "app.Main"));
    Path cache = Files.createDirectories(tmp.resolve("cache"));
    return RunnerProcess.start(tmp, Map.of("XDG_CACHE_HOME", cache.toString()), args);
  }

  private void write(String body) throws IOException {
    Files.writeString(tmp.resolve("src/app/Greeting.java"), greeting(body));
  }

  /** The app's JVMs of the test (not the runner, not a standby still waiting for "go"), by pid. */
  private static List<Long> appProcesses(RunnerProcess r) {
    return Census.running(r.testId).stream().filter(p -> !p.tree().isEmpty() && p.cmdline().endsWith(" app.Main"))
        .map(Census.Proc::pid).toList();
  }

  /** Polls: a standby JVM just started may not look like one for a moment. */
  private static void oneAppProcess(RunnerProcess r, String what) {
    Poll.until(LONG, () -> appProcesses(r).size() == 1, () -> what + ", got " + appProcesses(r) + "\n" + r.output());
  }

  /** Polls {@code /} until it answers with {@code text}. */
  private static Answer served(int port, String text) {
    Answer[] last = new Answer[1];
    Poll.until(LONG, () -> {
      Optional<String> body = Net.get(port, "/");
      if (body.isEmpty()) {
        return false;
      }
      Matcher m = ANSWER.matcher(body.get().strip());
      if (!m.matches()) {
        return false;
      }
      last[0] = new Answer(m.group(1), Long.parseLong(m.group(2)), Integer.parseInt(m.group(3)));
      return last[0].text().equals(text);
    }, () -> "'" + text + "' served on port " + port + ", last: " + last[0]);
    return last[0];
  }
}
