package dev.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Javalin 6 app as its own documentation writes it, which nobody here adapted to the runner: it
 * starts on a fixed port of its own (not {@code PORT}) and registers its routes after
 * {@code start()}, so for a moment after each start every request is answered 404. Its static
 * files come from the class path, where {@code src/main/resources} is ahead of the classes.
 */
class JavalinE2ETest {
  private static final Duration LONG = Duration.ofSeconds(120);
  private static final String GREETING = "src/main/java/demo/Greeting.java";
  private static final String CSS = "src/main/resources/public/site.css";

  @TempDir Path tmp;

  private GeneratedProject project(int ownPort) throws Exception {
    return GeneratedProject.write(tmp.resolve("javalin-app"), Map.of(
        "pom.xml", """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>demo</groupId><artifactId>javalin-app</artifactId><version>1</version>
              <dependencies>
                <dependency><groupId>io.javalin</groupId><artifactId>javalin</artifactId><version>6.7.0</version></dependency>
                <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>2.0.17</version></dependency>
              </dependencies>
            </project>
            """,
        "src/main/java/demo/App.java", """
            package demo;

            import io.javalin.Javalin;
            import io.javalin.http.staticfiles.Location;

            public class App {
              public static void main(String[] args) {
                Javalin app = Javalin.create(config -> config.staticFiles.add("/public", Location.CLASSPATH))
                    .start(%d);
                app.get("/", ctx -> ctx.html("<!doctype html><html><head><link rel=\\"stylesheet\\" href=\\"/site.css\\">"
                    + "</head><body><p id=\\"greeting\\">" + Greeting.TEXT + "</p></body></html>"));
                app.get("/text", ctx -> ctx.result(Greeting.TEXT));
                app.get("/pid", ctx -> ctx.result(Long.toString(ProcessHandle.current().pid())));
              }
            }
            """.formatted(ownPort),
        GREETING, """
            package demo;

            final class Greeting {
              static final String TEXT = "hello 0";
            }
            """,
        CSS, "#greeting::after { content: \"css 0\"; }\n"));
  }

  private static long pid(int port) {
    return Long.parseLong(Net.get(port, "/pid").orElseThrow());
  }

  @Test
  void servedThroughTheRunnersPortWithNothingButPort_andAStaticFileEditKeepsTheJvm() throws Exception {
    int port = Net.freePort();
    GeneratedProject app = project(Net.freePort());
    try (RunnerProcess r = RunnerProcess.start(app.dir, Map.of(),
        app.runnerArgs(List.of("--port", Integer.toString(port)), "demo.App"))) {
      Poll.until(LONG, () -> Net.get(port, "/text").equals(Optional.of("hello 0")), () -> "served:\n" + r.output());
      long before = pid(port);
      Measured.edit("javalin", "java edit", () -> app.edit(GREETING, "hello 0", "hello 1"),
          () -> Net.get(port, "/text").equals(Optional.of("hello 1")), () -> pid(port), before, r);
      long after = pid(port);
      assertNotEquals(before, after);
      Measured.edit("javalin", "static file edit", () -> app.edit(CSS, "css 0", "css 1"),
          () -> Net.get(port, "/site.css").map(c -> c.contains("css 1")).orElse(false), () -> pid(port), after, r);
      assertEquals(after, pid(port), "the same JVM serves the edited file");
      // the app reads the file itself, so it may serve the edit before the runner has seen it
      r.await("no restart, pid " + after + " serves it as it is", LONG);
    }
  }

  @Test
  void tenReloadsWithAReadyPathAndNoRequestGetsA404_andAnOpenPageShowsAStaticEdit() throws Exception {
    int port = Net.freePort();
    GeneratedProject app = project(Net.freePort());
    List<String> options = new ArrayList<>(List.of("--port", Integer.toString(port), "--ready-path", "/"));
    if (Chromium.available()) {
      options.add("--live-reload");
    }
    try (RunnerProcess r = RunnerProcess.start(app.dir, Map.of(), app.runnerArgs(options, "demo.App"))) {
      Poll.until(LONG, () -> Net.get(port, "/text").equals(Optional.of("hello 0")), () -> "served:\n" + r.output());
      Map<Integer, Integer> answers;
      try (StatusRecorder requests = new StatusRecorder(port, "/")) {
        for (int i = 1; i <= 10; i++) {
          String text = "hello " + i;
          app.edit(GREETING, "hello " + (i - 1) + "\"", text + "\"");
          Poll.until(LONG, () -> Net.get(port, "/text").equals(Optional.of(text)), () -> text + ":\n" + r.output());
        }
        requests.close();
        answers = requests.counts();
      }
      assertEquals(Map.of(200, answers.getOrDefault(200, 0)), answers, "every request served: " + answers);
      assertTrue(answers.get(200) > 10, answers.toString());

      Assumptions.assumeTrue(Chromium.available(),
          "the browser part is skipped: no Chromium at /usr/bin/chromium (.ci/run installs it)");
      try (Chromium browser = Chromium.open(tmp, "http://127.0.0.1:" + port + "/")) {
        String after = "getComputedStyle(document.getElementById('greeting'),'::after').content.replace(/[\"]/g,'')";
        Poll.until(LONG, () -> browser.evaluate(after).equals("css 0"), () -> "the page loaded: " + browser.last);
        long pid = pid(port);
        app.edit(CSS, "css 0", "css 1");
        Poll.until(LONG, () -> browser.evaluate(after).equals("css 1"),
            () -> "the page changed by itself; it shows '" + browser.last + "'; runner said:\n" + r.output());
        assertEquals(pid, pid(port), "no restart for a static file");
      }
    }
  }
}
