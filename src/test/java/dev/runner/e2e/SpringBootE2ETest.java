package dev.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spring Boot 4.0 app as Spring's own guides write it: web, Thymeleaf, and spring-boot-devtools
 * on the class path, which nobody here adapted to the runner. It reloads on Java edits with and
 * without a standby JVM (DevTools must not restart the standby), serves an edited template from
 * the same JVM, binds what {@code SERVER_PORT} says, and, when its own application.properties
 * names its port, is found there.
 */
class SpringBootE2ETest {
  private static final Duration LONG = Duration.ofSeconds(180);
  private static final String GREETING = "src/main/java/demo/Greeting.java";
  private static final String TEMPLATE = "src/main/resources/templates/index.html";

  @TempDir Path tmp;

  private GeneratedProject project(String name, String applicationProperties) throws Exception {
    return project(name, applicationProperties, true);
  }

  private GeneratedProject project(String name, String applicationProperties, boolean devtools) throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("pom.xml", """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId>
            <version>4.0.7</version><relativePath/>
          </parent>
          <groupId>demo</groupId><artifactId>boot-app</artifactId><version>1</version>
          <dependencies>
            <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency>
            <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-thymeleaf</artifactId></dependency>
            DEVTOOLS
          </dependencies>
        </project>
        """.replace("DEVTOOLS", devtools ? """
            <dependency>
              <groupId>org.springframework.boot</groupId><artifactId>spring-boot-devtools</artifactId>
              <scope>runtime</scope><optional>true</optional>
            </dependency>""" : ""));
    files.put("src/main/java/demo/App.java", """
        package demo;

        import org.springframework.boot.SpringApplication;
        import org.springframework.boot.autoconfigure.SpringBootApplication;

        @SpringBootApplication
        public class App {
          public static void main(String[] args) {
            SpringApplication.run(App.class, args);
          }
        }
        """);
    files.put("src/main/java/demo/Pages.java", """
        package demo;

        import org.springframework.core.env.Environment;
        import org.springframework.stereotype.Controller;
        import org.springframework.ui.Model;
        import org.springframework.web.bind.annotation.GetMapping;
        import org.springframework.web.bind.annotation.ResponseBody;

        @Controller
        public class Pages {
          private final Environment environment;

          public Pages(Environment environment) {
            this.environment = environment;
          }

          @GetMapping("/")
          public String index(Model model) {
            model.addAttribute("greeting", Greeting.TEXT);
            return "index";
          }

          @GetMapping("/text")
          @ResponseBody
          public String text() {
            return Greeting.TEXT;
          }

          @GetMapping("/pid")
          @ResponseBody
          public String pid() {
            return Long.toString(ProcessHandle.current().pid());
          }

          @GetMapping("/port")
          @ResponseBody
          public String port() {
            return environment.getProperty("local.server.port") + " " + System.getenv("PORT");
          }
        }
        """);
    files.put(GREETING, """
        package demo;

        final class Greeting {
          static final String TEXT = "hello 0";
        }
        """);
    files.put(TEMPLATE, """
        <!doctype html>
        <html xmlns:th="http://www.thymeleaf.org">
        <body><p id="greeting" th:text="${greeting}">greeting</p><p id="note">template 0</p></body>
        </html>
        """);
    files.put("src/main/resources/application.properties", applicationProperties);
    return GeneratedProject.write(tmp.resolve(name), files);
  }

  private static long pid(int port) {
    return Long.parseLong(Net.get(port, "/pid").orElseThrow());
  }

  /** Five Java edits, each served, with a client requesting all along; then a template edit in the same JVM. */
  private void reloadsAndATemplateEdit(String variant, GeneratedProject app, int port, RunnerProcess r,
      IntConsumer beforeEdit) throws Exception {
    Poll.until(LONG, () -> Net.get(port, "/text").equals(Optional.of("hello 0")), () -> "served:\n" + r.output());
    Map<Integer, Integer> answers;
    try (StatusRecorder requests = new StatusRecorder(port, "/text")) {
      for (int i = 1; i <= 5; i++) {
        String text = "hello " + i;
        String previous = "hello " + (i - 1) + "\"";
        beforeEdit.accept(i);
        long before = pid(port);
        Measured.edit("spring boot " + variant, "java edit", () -> app.edit(GREETING, previous, text + "\""), () -> Net.get(port, "/text").equals(Optional.of(text)), () -> pid(port), before, r);
        assertNotEquals(before, pid(port));
      }
      requests.close();
      answers = requests.counts();
    }
    assertEquals(Map.of(200, answers.getOrDefault(200, 0)), answers, "every request served: " + answers);
    long pid = pid(port);
    Measured.edit("spring boot " + variant, "template edit", () -> app.edit(TEMPLATE, "template 0", "template 1"),
        () -> Net.get(port, "/").map(page -> page.contains("template 1")).orElse(false), () -> pid(port), pid, r);
    assertEquals(pid, pid(port), "the same JVM serves the edited template:\n" + r.output());
  }

  @Test
  void withAStandbyJvmDevToolsOnTheClassPathIsHarmlessAndTheAppBindsWhatServerPortSays() throws Exception {
    GeneratedProject app = project("with-standby", "spring.application.name=demo\n");
    int port = Net.freePort();
    try (RunnerProcess r = RunnerProcess.start(app.dir, Map.of(),
        app.runnerArgs(List.of("-v", "--port", Integer.toString(port)), "demo.App"))) {
      // as a person edits, with time to spare between edits: the standby JVM is there each time
      reloadsAndATemplateEdit("with standby", app, port, r, i -> Poll.until(LONG,
          () -> r.count("standby JVM pid \\d+ started ahead") >= i, () -> "standby " + i + ":\n" + r.output()));
      assertEquals(5, r.count("standby JVM pid \\d+ runs the app"), "the standby ran each reload:\n" + r.output());
      String[] bound = Net.get(port, "/port").orElseThrow().split(" ");
      assertEquals(bound[1], bound[0], "it listens on its PORT, through SERVER_PORT");
    }
  }

  @Test
  void withoutAStandbyJvm() throws Exception {
    GeneratedProject app = project("without-standby", "spring.application.name=demo\n");
    int port = Net.freePort();
    try (RunnerProcess r = RunnerProcess.start(app.dir, Map.of(),
        app.runnerArgs(List.of("--no-standby", "--port", Integer.toString(port)), "demo.App"))) {
      reloadsAndATemplateEdit("without standby", app, port, r, i -> { });
    }
  }

  @Test
  void aPortOfItsOwnInApplicationPropertiesIsKeptAndFound_andWithoutDevToolsTemplatesAreStillReadAsTheyAre()
      throws Exception {
    int own = Net.freePort();
    GeneratedProject app = project("own-port", "server.port=" + own + "\n", false);
    int port = Net.freePort();
    List<String> options = new ArrayList<>(List.of("--port", Integer.toString(port)));
    try (RunnerProcess r = RunnerProcess.start(app.dir, Map.of(), app.runnerArgs(options, "demo.App"))) {
      Poll.until(LONG, () -> Net.get(port, "/text").equals(Optional.of("hello 0")), () -> "served:\n" + r.output());
      assertTrue(Net.get(port, "/port").orElseThrow().startsWith(own + " "), Net.get(port, "/port").toString());
      assertEquals(1, r.count("listens on 127.0.0.1:" + own + ", not on its PORT"), r.output());
      // no DevTools to turn Thymeleaf's cache off: the runner's -Dspring.thymeleaf.cache=false does
      Poll.until(LONG, () -> Net.get(port, "/").map(page -> page.contains("template 0")).orElse(false), r::output);
      long pid = pid(port);
      Measured.edit("spring boot without devtools", "template edit", () -> app.edit(TEMPLATE, "template 0",
          "template 1"), () -> Net.get(port, "/").map(page -> page.contains("template 1")).orElse(false),
          () -> pid(port), pid, r);
      assertEquals(pid, pid(port));
    }
  }
}
