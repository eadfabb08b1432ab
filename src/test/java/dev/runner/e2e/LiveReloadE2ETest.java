package dev.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
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

  @TempDir Path tmp;

  @Test
  void anOpenPageShowsTheEditWithoutAnyActionFromTheTest() throws Exception {
    Assumptions.assumeTrue(Chromium.available(),
        "skipped: no Chromium at /usr/bin/chromium (.ci/run installs Debian's chromium; it could not here)");
    SampleAppCopy app = SampleAppCopy.build(tmp);
    int port = Net.freePort();
    List<String> args = new ArrayList<>(List.of("--live-reload"));
    args.addAll(app.runnerArgs(port));
    try (RunnerProcess r = RunnerProcess.start(app.dir, Map.of(), args)) {
      Poll.until(LONG, () -> Net.get(port, "/page").isPresent(), () -> "the page served:\n" + r.output());
      try (Chromium browser = Chromium.open(tmp, "http://127.0.0.1:" + port + "/page")) {
        String greeting = "(document.getElementById('greeting')||{}).textContent||''";
        Poll.until(LONG, () -> browser.evaluate(greeting).equals("Hello from sample-app"),
            () -> "the page loaded: " + browser.last);
        app.setGreeting("Hello, live reload");
        Poll.until(LONG, () -> browser.evaluate(greeting).equals("Hello, live reload"),
            () -> "the page changed by itself; it shows '" + browser.last + "'; runner said:\n" + r.output());
      }
    }
  }

  /**
   * A compile error shows over the open page (file:line, in the overlay's shadow root) while the
   * last good text stays on the page under it; the fix removes the overlay and shows the new text.
   * Screenshots of both states go to target/screenshots/.
   */
  @Test
  void aCompileErrorShowsOverThePageAndTheFixRemovesIt() throws Exception {
    Assumptions.assumeTrue(Chromium.available(),
        "skipped: no Chromium at /usr/bin/chromium (.ci/run installs Debian's chromium; it could not here)");
    SampleAppCopy app = SampleAppCopy.build(tmp);
    int port = Net.freePort();
    List<String> args = new ArrayList<>(List.of("--live-reload"));
    args.addAll(app.runnerArgs(port));
    Path shots = Path.of("target/screenshots");
    try (RunnerProcess r = RunnerProcess.start(app.dir, Map.of(), args)) {
      Poll.until(LONG, () -> Net.get(port, "/page").isPresent(), () -> "the page served:\n" + r.output());
      try (Chromium browser = Chromium.open(tmp, "http://127.0.0.1:" + port + "/page")) {
        String greeting = "(document.getElementById('greeting')||{}).textContent||''";
        // where the first diagnostic points (the overlay's own text has CSS with quotes in it)
        String overlay = "(function(){var h=document.querySelector('runner-overlay');"
            + "var w=h&&h.shadowRoot?h.shadowRoot.querySelector('.where'):null;return w?w.textContent:'';})()";
        Poll.until(LONG, () -> browser.evaluate(greeting).equals("Hello from sample-app"),
            () -> "the page loaded: " + browser.last);
        app.writeGreetingSource("return \"broken\" +;");
        int line = java.nio.file.Files.readAllLines(app.greeting()).stream().map(String::strip).toList()
            .indexOf("return \"broken\" +;") + 1;
        Poll.until(LONG, () -> browser.evaluate(overlay).contains("Greeting.java:" + line),
            () -> "an overlay naming Greeting.java:" + line + "; it shows '" + browser.last + "'; runner said:\n"
                + r.output());
        assertEquals("Hello from sample-app", browser.evaluate(greeting), "the last good text stays under it");
        browser.screenshot(shots.resolve("overlay-build-failed.png"));

        java.nio.file.Files.writeString(app.greeting(), java.nio.file.Files.readString(app.greeting())
            .replace("return \"broken\" +;", "return \"Hello, fixed\";"));
        Poll.until(LONG, () -> browser.evaluate(greeting).equals("Hello, fixed"),
            () -> "the fixed text by itself; the page shows '" + browser.last + "'; runner said:\n" + r.output());
        assertEquals("", browser.evaluate(overlay), "no overlay after the fix");
        browser.screenshot(shots.resolve("overlay-fixed.png"));
      }
    }
  }
}
