package dev.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --live-reload} in a real browser: headless Chromium (Debian's, installed by .ci/run)
 * opens sample-app's page through the runner, the greeting source is edited, and the text on the
 * page changes with no action from the test. Chromium is driven over its DevTools protocol with
 * the JDK's own WebSocket client. Without Chromium the test is skipped and says why.
 */
class LiveReloadE2ETest {
  private static final Duration LONG = Duration.ofSeconds(60);
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir Path tmp;

  @Test
  void anOpenPageShowsTheEditWithoutAnyActionFromTheTest() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
        "skipped: no Chromium at /usr/bin/chromium (.ci/run installs Debian's chromium; it could not here)");
    SampleAppCopy app = SampleAppCopy.build(tmp);
    int port = Net.freePort();
    List<String> args = new ArrayList<>(List.of("--live-reload"));
    args.addAll(app.runnerArgs(port));
    try (RunnerProcess r = RunnerProcess.start(app.dir, Map.of(), args)) {
      Poll.until(LONG, () -> Net.get(port, "/page").isPresent(), () -> "the page served:\n" + r.output());
      int devtools = Net.freePort();
      ProcessBuilder chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
          "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
          "--disable-sync", "--user-data-dir=" + tmp.resolve("profile"), "--remote-debugging-port=" + devtools,
          "http://127.0.0.1:" + port + "/page")
          .redirectErrorStream(true).redirectOutput(tmp.resolve("chromium.log").toFile());
      chromium.environment().put("TMPDIR", java.nio.file.Files.createDirectories(tmp.resolve("chromium-tmp")).toString());
      Process browser = chromium.start();
      try {
        Page page = Page.open(devtools);
        try {
          Poll.until(LONG, () -> page.greeting().equals("Hello from sample-app"), () -> "the page loaded: " + page.last);
          app.setGreeting("Hello, live reload");
          Poll.until(LONG, () -> page.greeting().equals("Hello, live reload"),
              () -> "the page changed by itself; it shows '" + page.last + "'; runner said:\n" + r.output());
        } finally {
          page.close();
        }
      } finally {
        stop(browser);
      }
    }
  }

  /** Chromium and every helper process it started, by pid. */
  private static void stop(Process browser) throws InterruptedException {
    List<ProcessHandle> all = new ArrayList<>(browser.descendants().toList());
    browser.destroy();
    if (!browser.waitFor(10, TimeUnit.SECONDS)) {
      browser.destroyForcibly();
    }
    all.forEach(ProcessHandle::destroyForcibly);
  }

  /** One page over the DevTools protocol: just enough to read the greeting. */
  private static final class Page implements WebSocket.Listener {
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final StringBuilder partial = new StringBuilder();
    private volatile CompletableFuture<String> reply = new CompletableFuture<>();
    volatile String last = "";

    private Page(String url) {
      this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), this).join();
    }

    static Page open(int devtools) {
      HttpClient http = HttpClient.newHttpClient();
      String[] url = new String[1];
      Poll.until(LONG, () -> {
        try {
          String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + devtools + "/json/list"))
              .build(), HttpResponse.BodyHandlers.ofString()).body();
          Matcher m = Pattern.compile("\"type\"\\s*:\\s*\"page\"[^}]*?\"webSocketDebuggerUrl\"\\s*:\\s*\"([^\"]+)\"",
              Pattern.DOTALL).matcher(list);
          Matcher m2 = Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"(ws://[^\"]+/page/[^\"]+)\"").matcher(list);
          if (m.find()) {
            url[0] = m.group(1);
          } else if (m2.find()) {
            url[0] = m2.group(1);
          }
          return url[0] != null;
        } catch (Exception e) {
          return false;
        }
      }, () -> "Chromium's DevTools endpoint on port " + devtools);
      return new Page(url[0]);
    }

    /** The greeting's text as the page shows it now ("" while loading). */
    String greeting() {
      reply = new CompletableFuture<>();
      int id = ids.incrementAndGet();
      socket.sendText("{\"id\":" + id + ",\"method\":\"Runtime.evaluate\",\"params\":{\"expression\":"
          + "\"(document.getElementById('greeting')||{}).textContent||''\",\"returnByValue\":true}}", true);
      try {
        String json = reply.get(10, TimeUnit.SECONDS);
        Matcher m = Pattern.compile("\"value\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        last = m.find() ? m.group(1) : "";
      } catch (Exception e) {
        last = "";
      }
      return last;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean lastPart) {
      partial.append(data);
      if (lastPart) {
        String msg = partial.toString();
        partial.setLength(0);
        if (msg.contains("\"id\"")) {
          reply.complete(msg);
        }
      }
      ws.request(1);
      return null;
    }

    void close() {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }
}
