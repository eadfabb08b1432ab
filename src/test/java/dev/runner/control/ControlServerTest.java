package dev.runner.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The /_runner/ endpoints over real HTTP on 127.0.0.1, written by hand on a socket so the test
 * decides every header (Host and Origin included, which HTTP clients will not let it forge).
 */
class ControlServerTest {
  private static final String TOKEN = "t0ken";

  private final ControlState state = new ControlState(Clock.systemUTC(), "test", Path.of("/work/app"));
  private final AtomicInteger restarts = new AtomicInteger();
  private ControlServer server;

  @BeforeEach
  void start() {
    server = ControlServer.start(new ControlHandler(state, () -> "worker 0: pid 1\n", TOKEN, restarts::incrementAndGet));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void statusIsJsonOfTheSchemaAndTextForWhoAsksForText() throws IOException {
    Answer json = request("GET /_runner/status", "Host: 127.0.0.1:" + server.port());
    assertEquals(200, json.status);
    assertTrue(json.headers.contains("content-type: application/json"), json.headers);
    assertTrue(json.headers.contains("cache-control: no-store"), json.headers);
    StatusSchema.check(json.body);
    assertEquals("worker 0: pid 1\n", request("GET /_runner/status.txt", "Host: localhost").body);
    assertEquals("worker 0: pid 1\n", request("GET /_runner/status", "Host: localhost", "Accept: text/plain").body);
    StatusSchema.check(request("GET /_runner/status", "Host: localhost",
        "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").body);
  }

  @Test
  void aForeignHostOrOriginGets403OnEveryEndpoint() throws IOException {
    for (String path : List.of("/_runner/status", "/_runner/status.txt", "/_runner/events", "/_runner/live-reload.js")) {
      assertEquals(403, request("GET " + path, "Host: rebound.example:" + server.port()).status, path);
      assertEquals(403, request("GET " + path, "Host: 127.0.0.1", "Origin: http://attacker.example").status, path);
    }
    assertEquals(403, request("POST /_runner/restart", "Host: attacker.example", "X-Runner-Token: " + TOKEN,
        "Content-Length: 0").status);
    assertEquals(0, restarts.get());
  }

  @Test
  void restartTakesPostAndTheToken() throws IOException {
    assertEquals(403, request("POST /_runner/restart", "Host: 127.0.0.1", "Content-Length: 0").status);
    assertEquals(403, request("POST /_runner/restart", "Host: 127.0.0.1", "X-Runner-Token: wrong",
        "Content-Length: 0").status);
    assertEquals(405, request("GET /_runner/restart", "Host: 127.0.0.1", "X-Runner-Token: " + TOKEN).status);
    assertEquals(0, restarts.get());
    Answer ok = request("POST /_runner/restart", "Host: 127.0.0.1", "X-Runner-Token: " + TOKEN, "Content-Length: 0");
    assertEquals(202, ok.status);
    assertEquals(Map.of("accepted", true, "generation", 0L), Json.parse(ok.body));
    assertEquals(202, request("POST /_runner/restart", "Host: [::1]", "Authorization: Bearer " + TOKEN,
        "Origin: http://localhost:3000", "Content-Length: 0").status);
    assertEquals(2, restarts.get());
  }

  @Test
  void eventsStartWithTheStateThenFollowTheReports() throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET /_runner/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String first = nextEvent(in);
      assertTrue(first.contains("event:state"), first);
      StatusSchema.check(data(first));
      state.buildStarted();
      String next = nextEvent(in);
      assertTrue(next.contains("event:build-started"), next);
      assertEquals("building", ((Map<?, ?>) Json.parse(data(next))).get("state"));
    }
  }

  @Test
  void theScriptAndUnknownPaths() throws IOException {
    Answer js = request("GET /_runner/live-reload.js", "Host: localhost");
    assertEquals(200, js.status);
    assertTrue(js.body.contains("attachShadow") && js.body.contains("/_runner/events"), js.body);
    assertEquals(404, request("GET /_runner/nothing", "Host: localhost").status);
    assertEquals(404, request("GET /app", "Host: localhost").status);
  }

  /** The next event's lines (skipping the HTTP head and keep-alive comments). */
  private static String nextEvent(BufferedReader in) throws IOException {
    StringBuilder event = new StringBuilder();
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isEmpty()) {
        if (event.indexOf("event:") >= 0) {
          return event.toString();
        }
        event.setLength(0);
        continue;
      }
      event.append(line).append('\n');
    }
    throw new IOException("stream ended");
  }

  private static String data(String event) {
    for (String l : event.split("\n")) {
      if (l.startsWith("data:")) {
        return l.substring(5);
      }
    }
    throw new AssertionError("no data in " + event);
  }

  private record Answer(int status, String headers, String body) {}

  private Answer request(String requestLine, String... headers) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      s.setSoTimeout(10_000);
      StringBuilder r = new StringBuilder(requestLine).append(" HTTP/1.1\r\n");
      for (String h : headers) {
        r.append(h).append("\r\n");
      }
      r.append("Connection: close\r\n\r\n");
      s.getOutputStream().write(r.toString().getBytes(StandardCharsets.UTF_8));
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int split = all.indexOf("\r\n\r\n");
      String head = all.substring(0, split);
      int status = Integer.parseInt(head.substring(9, 12));
      return new Answer(status, head.toLowerCase(Locale.ROOT), all.substring(split + 4));
    }
  }
}
