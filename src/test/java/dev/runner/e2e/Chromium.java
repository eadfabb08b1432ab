package dev.runner.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium (Debian's, installed by .ci/run) with one page open, driven over its DevTools
 * protocol with the JDK's own WebSocket client: just enough to read what the page shows now.
 * Closing it ends Chromium and every helper process it started, by pid.
 */
final class Chromium implements AutoCloseable, WebSocket.Listener {
  private static final Duration LONG = Duration.ofSeconds(60);
  private static final Path BINARY = Path.of("/usr/bin/chromium");

  private final Process browser;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final StringBuilder partial = new StringBuilder();
  private volatile CompletableFuture<String> reply = new CompletableFuture<>();
  /** What the last {@link #evaluate} returned. */
  volatile String last = "";

  static boolean available() {
    return Files.isExecutable(BINARY);
  }

  /** Starts Chromium (its profile and temporary files under {@code tmp}) on {@code url}. */
  static Chromium open(Path tmp, String url) throws IOException {
    int devtools = Net.freePort();
    ProcessBuilder chromium = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + tmp.resolve("profile"), "--remote-debugging-port=" + devtools, url)
        .redirectErrorStream(true).redirectOutput(tmp.resolve("chromium.log").toFile());
    chromium.environment().put("TMPDIR", Files.createDirectories(tmp.resolve("chromium-tmp")).toString());
    Process browser = chromium.start();
    try {
      return new Chromium(browser, pageSocket(devtools));
    } catch (RuntimeException | Error e) {
      stop(browser);
      throw e;
    }
  }

  private Chromium(Process browser, String pageSocket) {
    this.browser = browser;
    this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(pageSocket), this).join();
  }

  private static String pageSocket(int devtools) {
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
    return url[0];
  }

  /** The string a JavaScript expression evaluates to in the page now ("" while it loads, or on error). */
  String evaluate(String expression) {
    reply = new CompletableFuture<>();
    int id = ids.incrementAndGet();
    String quoted = expression.replace("\\", "\\\\").replace("\"", "\\\"");
    socket.sendText("{\"id\":" + id + ",\"method\":\"Runtime.evaluate\",\"params\":{\"expression\":\"" + quoted
        + "\",\"returnByValue\":true}}", true);
    try {
      String json = reply.get(10, TimeUnit.SECONDS);
      Matcher m = Pattern.compile("\"value\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
      last = m.find() ? m.group(1) : "";
    } catch (Exception e) {
      last = "";
    }
    return last;
  }

  /** Writes what the page shows now as a PNG ({@code Page.captureScreenshot}). */
  void screenshot(Path png) throws IOException {
    reply = new CompletableFuture<>();
    int id = ids.incrementAndGet();
    socket.sendText("{\"id\":" + id + ",\"method\":\"Page.captureScreenshot\",\"params\":{\"format\":\"png\"}}",
        true);
    String json;
    try {
      json = reply.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("no screenshot from Chromium: " + e, e);
    }
    Matcher m = Pattern.compile("\"data\"\\s*:\\s*\"([A-Za-z0-9+/=]+)\"").matcher(json);
    if (!m.find()) {
      throw new IOException("no screenshot in Chromium's answer: " + json.substring(0, Math.min(200, json.length())));
    }
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.write(png, Base64.getDecoder().decode(m.group(1)));
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

  @Override
  public void close() throws InterruptedException {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    } finally {
      stop(browser);
    }
  }

  private static void stop(Process browser) {
    List<ProcessHandle> all = new ArrayList<>(browser.descendants().toList());
    browser.destroy();
    try {
      if (!browser.waitFor(10, TimeUnit.SECONDS)) {
        browser.destroyForcibly();
      }
    } catch (InterruptedException e) {
      browser.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    all.forEach(ProcessHandle::destroyForcibly);
  }
}
