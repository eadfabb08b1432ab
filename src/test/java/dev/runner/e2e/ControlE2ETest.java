package dev.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.control.StateFile;
import dev.runner.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control surface on a real runner and sample-app: {@code /_runner/events} follows a reload
 * and a failed build, {@code POST /_runner/restart} wants the state file's token and a loopback
 * {@code Host}, and {@code runner status --wait-ready} returns only once the edit is served.
 */
class ControlE2ETest {
  private static final Duration LONG = Duration.ofSeconds(60);

  @TempDir Path tmp;
  private SampleAppCopy app;
  private int port;
  private Map<String, String> env;

  @BeforeEach
  void sample() throws Exception {
    app = SampleAppCopy.build(tmp);
    port = Net.freePort();
    // the state file goes where this test can read it, and nowhere else
    env = Map.of("XDG_RUNTIME_DIR", Files.createDirectories(tmp.resolve("xdg")).toString());
  }

  private RunnerProcess runner() throws IOException {
    RunnerProcess r = RunnerProcess.start(app.dir, env, app.runnerArgs(port));
    Poll.until(LONG, () -> Net.get(port, "/").map(String::strip).equals(Optional.of("Hello from sample-app")),
        () -> "sample-app served; runner said:\n" + r.output());
    return r;
  }

  /** One server-sent event: its name and its JSON document. */
  record Sse(String name, Map<?, ?> data) {}

  /** Reads {@code /_runner/events} on a thread of the HTTP client until the test ends. */
  private static List<Sse> listen(int port) {
    List<Sse> events = new CopyOnWriteArrayList<>();
    String[] name = {"message"};
    HttpClient.newHttpClient().sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_runner/events")).build(),
        HttpResponse.BodyHandlers.ofLines()).thenAccept(res -> {
          try (Stream<String> lines = res.body()) {
            lines.forEach(line -> {
              if (line.startsWith("event:")) {
                name[0] = line.substring("event:".length()).strip();
              } else if (line.startsWith("data:")) {
                events.add(new Sse(name[0], (Map<?, ?>) Json.parse(line.substring("data:".length()).strip())));
              }
            });
          }
        });
    return events;
  }

  private static List<String> names(List<Sse> events, int from) {
    return events.subList(from, events.size()).stream().map(Sse::name).toList();
  }

  /** Whether {@code wanted} occur in this order (others may come between) from index {@code from} on. */
  private static boolean inOrder(List<Sse> events, int from, String... wanted) {
    int i = 0;
    for (String n : names(events, from)) {
      if (i < wanted.length && n.equals(wanted[i])) {
        i++;
      }
    }
    return i == wanted.length;
  }

  @Test
  void theEventsFollowAReloadFromChangeToReady_andAFailedBuildNamesTheFileAndLine() throws Exception {
    try (RunnerProcess r = runner()) {
      List<Sse> events = listen(port);
      Poll.until(LONG, () -> !events.isEmpty(), () -> "a first event; runner said:\n" + r.output());
      assertEquals("state", events.get(0).name(), "a client gets the current state first: " + events);
      assertEquals("ready", events.get(0).data().get("state"), "the state document says ready: " + events.get(0));

      int from = events.size();
      app.setGreeting("Hello, events");
      Poll.until(LONG, () -> inOrder(events, from, "change", "build-started", "restart-started", "ready"),
          () -> "change, build-started, restart-started, ready in order; got " + names(events, from));
      Sse ready = events.stream().skip(from).filter(e -> e.name().equals("ready")).findFirst().orElseThrow();
      assertTrue(ready.data().get("millis") instanceof Long, "ready carries its time: " + ready);
      assertEquals(Optional.of("Hello, events"), Net.get(port, "/").map(String::strip), "ready means the edit serves");

      int failedFrom = events.size();
      app.writeGreetingSource("return \"broken\" +;");
      int line = lineOf(app.greeting(), "\"broken\"");
      Poll.until(LONG, () -> names(events, failedFrom).contains("build-failed"),
          () -> "a build-failed event; got " + names(events, failedFrom) + "; runner said:\n" + r.output());
      Sse failed = events.stream().skip(failedFrom).filter(e -> e.name().equals("build-failed")).findFirst()
          .orElseThrow();
      List<?> diagnostics = (List<?>) failed.data().get("diagnostics");
      assertTrue(diagnostics != null && !diagnostics.isEmpty(), "diagnostics in " + failed);
      Map<?, ?> first = (Map<?, ?>) diagnostics.get(0);
      assertTrue(String.valueOf(first.get("file")).endsWith("Greeting.java"), "the file: " + first);
      assertEquals((long) line, first.get("line"), "the line: " + first);
      assertEquals(Optional.of("Hello, events"), Net.get(port, "/").map(String::strip), "the last good version serves");
    }
  }

  @Test
  void restartWantsTheTokenAndALoopbackHost_andWithThemANewPidServes() throws Exception {
    try (RunnerProcess r = runner()) {
      StateFile.Entry entry = StateFile.find(env, app.dir).orElseThrow(() -> new AssertionError(
          "a state file for " + app.dir + " under " + env));
      assertEquals(port, entry.port());
      long before = servingPid();

      assertEquals(403, post(port, "127.0.0.1:" + port, null), "no token");
      assertEquals(403, post(port, "127.0.0.1:" + port, "not-" + entry.token()), "a wrong token");
      assertEquals(403, post(port, "attacker.example:" + port, entry.token()), "a Host that is not loopback");
      assertEquals(before, servingPid(), "nothing restarted");

      int status = post(port, "localhost:" + port, entry.token());
      assertTrue(status == 202 || status == 200, "accepted with the token: " + status);
      Poll.until(LONG, () -> {
        long now = servingPid();
        return now != 0 && now != before && Net.get(port, "/").isPresent();
      }, () -> "a new pid serves after the restart; runner said:\n" + r.output());
    }
  }

  /**
   * Without the proxy nothing holds a request while the app restarts, so a script must wait: an
   * app that takes 1.5 s to listen, and {@code runner status --wait-ready} run right after each
   * edit returns only once the edit is served (a status that returned at once would find the port
   * closed or the old text).
   */
  @Test
  void statusWaitReadyReturnsOnlyOnceTheEditIsServed() throws Exception {
    Path classes = Files.createDirectories(tmp.resolve("slow/classes"));
    Files.writeString(classes.resolve("App.class"), "v0");
    List<String> args = new ArrayList<>(List.of("--no-proxy", "--port", Integer.toString(port), "-w", "classes", "--"));
    args.addAll(RunnerProcess.fixture("FileServer", "--start-delay", "1500", "classes/App.class"));
    Path dir = classes.getParent();
    try (RunnerProcess r = RunnerProcess.start(dir, env, args)) {
      Poll.until(LONG, () -> Net.get(port, "/").equals(Optional.of("v0")), () -> "v0 served:\n" + r.output());
      for (int i = 1; i <= 3; i++) {
        String text = "v" + i;
        Files.writeString(classes.resolve("App.class"), text);
        try (RunnerProcess status = RunnerProcess.start(dir, env,
            List.of("status", "--wait-ready", "--timeout", "60s", "--json"))) {
          assertEquals(0, status.awaitExit(LONG), "runner status --wait-ready:\n" + status.output());
        }
        assertEquals(Optional.of(text), Net.get(port, "/"),
            "served the moment runner status --wait-ready returned; runner said:\n" + r.output());
      }
    }
  }

  /** With no runner for the directory (never started, or stopped), both subcommands say so and exit 1. */
  @Test
  void withNoRunnerStatusAndRestartSaySoAndExit1() throws Exception {
    try (RunnerProcess r = runner()) {
      r.signal("TERM");
      assertEquals(143, r.awaitExit(LONG), r.output());
    }
    for (String command : List.of("status", "restart")) {
      try (RunnerProcess c = RunnerProcess.start(app.dir, env, List.of(command))) {
        assertEquals(1, c.awaitExit(LONG), c.output());
        assertTrue(c.output().contains("runner " + command + ": no runner is running for " + app.dir),
            "a clear line: " + c.output());
      }
    }
  }

  private long servingPid() {
    Object doc = Json.parse(Net.get(port, "/_runner/status").orElse("{}"));
    if (doc instanceof Map<?, ?> m && m.get("workers") instanceof List<?> ws && !ws.isEmpty()
        && ws.get(0) instanceof Map<?, ?> w && w.get("pid") instanceof Long pid && Boolean.TRUE.equals(w.get("ready"))) {
      return pid;
    }
    return 0;
  }

  private static int lineOf(Path file, String text) throws IOException {
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError(text + " not in " + file);
  }

  /** {@code POST /_runner/restart} over a plain socket, so the {@code Host} header is exactly the test's. */
  private static int post(int port, String host, String token) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout((int) LONG.toMillis());
      StringBuilder req = new StringBuilder("POST /_runner/restart HTTP/1.1\r\nHost: " + host + "\r\n");
      if (token != null) {
        req.append("X-Runner-Token: ").append(token).append("\r\n");
      }
      req.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII); // "HTTP/1.1 403"
      return Integer.parseInt(head.substring(9, 12));
    }
  }
}
