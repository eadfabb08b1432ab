package dev.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --live-reload} in a real browser: headless Chromium (Debian's, installed by .ci/run)
 * opens sample-app's page through the runner, the greeting source is edited, and the text on the
 * page changes with no action from the test (see {@link Chromium}). Without Chromium the test is
 * skipped and says why.
 */
class LiveReloadE2ETest {
  private static final Duration LONG = Duration.ofSeconds(60);

  private static final String GREETING = "(document.getElementById('greeting')||{}).textContent||''";

  @TempDir Path tmp;
  private SampleAppCopy app;
  private int port;

  @BeforeEach
  void sampleApp() throws Exception {
    Assumptions.assumeTrue(Chromium.available(),
        "skipped: no Chromium at /usr/bin/chromium (.ci/run installs Debian's chromium; it could not here)");
    app = SampleAppCopy.build(tmp);
    port = Net.freePort();
  }

  /** The runner with --live-reload on the sample, once its page is served. */
  private RunnerProcess runner() throws Exception {
    List<String> args = new ArrayList<>(List.of("--live-reload"));
    args.addAll(app.runnerArgs(port));
    RunnerProcess r = RunnerProcess.start(app.dir, Map.of(), args);
    Poll.until(LONG, () -> Net.get(port, "/page").isPresent(), () -> "the page served:\n" + r.output());
    return r;
  }

  /** Chromium on the sample's page, once it shows the first greeting. */
  private Chromium browser() throws Exception {
    Chromium browser = Chromium.open(tmp, "http://127.0.0.1:" + port + "/page");
    try {
      Poll.until(LONG, () -> browser.evaluate(GREETING).equals("Hello from sample-app"),
          () -> "the page loaded: " + browser.last);
      return browser;
    } catch (RuntimeException | Error e) {
      browser.close(); // the caller's try never got it
      throw e;
    }
  }

  @Test
  void anOpenPageShowsTheEditWithoutAnyActionFromTheTest() throws Exception {
    try (RunnerProcess r = runner(); Chromium browser = browser()) {
      app.setGreeting("Hello, live reload");
      Poll.until(LONG, () -> browser.evaluate(GREETING).equals("Hello, live reload"),
          () -> "the page changed by itself; it shows '" + browser.last + "'; runner said:\n" + r.output());
    }
  }

  /**
   * A compile error shows over the open page (file:line, in the overlay's shadow root) while the
   * last good text stays on the page under it; the fix removes the overlay and shows the new text.
   * Screenshots of both states go to target/screenshots/.
   */
  @Test
  void aCompileErrorShowsOverThePageAndTheFixRemovesIt() throws Exception {
    Path shots = Path.of("target/screenshots");
    try (RunnerProcess r = runner(); Chromium browser = browser()) {
      // where the first diagnostic points (the overlay's own text has CSS with quotes in it)
      String overlay = "(function(){var h=document.querySelector('runner-overlay');"
          + "var w=h&&h.shadowRoot?h.shadowRoot.querySelector('.where'):null;return w?w.textContent:'';})()";
      app.writeGreetingSource("return \"broken\" +;");
      int line = Files.readAllLines(app.greeting()).stream().map(String::strip).toList()
          .indexOf("return \"broken\" +;") + 1;
      Poll.until(LONG, () -> browser.evaluate(overlay).contains("Greeting.java:" + line),
          () -> "an overlay naming Greeting.java:" + line + "; it shows '" + browser.last + "'; runner said:\n"
              + r.output());
      assertEquals("Hello from sample-app", browser.evaluate(GREETING), "the last good text stays under it");
      Poll.until(LONG, () -> browser.evaluate("document.readyState").equals("complete"), () -> "the page loaded");
      browser.screenshot(shots.resolve("overlay-build-failed.png"));

      Files.writeString(app.greeting(), Files.readString(app.greeting())
          .replace("return \"broken\" +;", "return \"Hello, fixed\";"));
      Poll.until(LONG, () -> browser.evaluate(GREETING).equals("Hello, fixed"),
          () -> "the fixed text by itself; the page shows '" + browser.last + "'; runner said:\n" + r.output());
      assertEquals("", browser.evaluate(overlay), "no overlay after the fix");
      Poll.until(LONG, () -> browser.evaluate("document.readyState").equals("complete"), () -> "the page loaded");
      browser.screenshot(shots.resolve("overlay-fixed.png"));
    }
  }
}
