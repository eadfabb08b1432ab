package dev.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What has to pass through the front proxy untouched: streams, WebSocket upgrades, forwarding headers. */
class ProxyStreamsE2ETest {
  private static final Duration LONG = Duration.ofSeconds(60);

  @TempDir Path tmp;

  @Test
  void serverSentEventsAndAWebSocketEchoPassThroughTheProxy() throws Exception {
    SampleAppCopy app = SampleAppCopy.build(tmp);
    int port = Net.freePort();
    try (RunnerProcess r = RunnerProcess.start(app.dir, Map.of(), app.runnerArgs(port))) {
      Poll.until(LONG, () -> Net.get(port, "/health").isPresent(), () -> "sample-app up:\n" + r.output());

      HttpURLConnection sse = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/sse").toURL().openConnection();
      sse.setReadTimeout(10_000);
      assertEquals(200, sse.getResponseCode());
      assertTrue(sse.getContentType().startsWith("text/event-stream"), sse.getContentType());
      String events;
      try (InputStream in = sse.getInputStream()) {
        events = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      for (int i = 1; i <= 3; i++) {
        assertTrue(events.contains("data: tick " + i), events);
      }

      CompletableFuture<String> echoed = new CompletableFuture<>();
      WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
              echoed.complete(data.toString());
              return null;
            }
          }).get(10, TimeUnit.SECONDS);
      ws.sendText("hello through the proxy", true);
      assertEquals("hello through the proxy", echoed.get(10, TimeUnit.SECONDS));
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void forwardingHeadersAreSet() throws Exception {
    Files.createDirectories(tmp.resolve("classes"));
    Files.writeString(tmp.resolve("classes/App.class"), "v0");
    int port = Net.freePort();
    List<String> args = new ArrayList<>(List.of("-w", "classes", "--port", Integer.toString(port), "--"));
    args.addAll(RunnerProcess.fixture("FileServer", "classes/App.class"));
    try (RunnerProcess r = RunnerProcess.start(tmp, Map.of(), args)) {
      Poll.until(LONG, () -> Net.get(port, "/headers").isPresent(), () -> "fixture up:\n" + r.output());
      String headers = Net.get(port, "/headers").orElseThrow();
      assertTrue(headers.contains("x-forwarded-for: 127.0.0.1"), headers);
      assertTrue(headers.contains("x-forwarded-proto: http"), headers);
      assertTrue(headers.contains("x-forwarded-host: 127.0.0.1"), headers);
    }
  }
}
