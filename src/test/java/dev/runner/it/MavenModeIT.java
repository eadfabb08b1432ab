package dev.runner.it;

import dev.runner.e2e.Net;
import dev.runner.e2e.Poll;
import dev.runner.e2e.RunnerProcess;
import dev.runner.e2e.SampleAppCopy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runner --maven}: zero configuration on sample-app and on a second, different project
 * (another package, a resource file, a dependency, the main class taken from the pom). An IT: the
 * project model comes from the runner's Maven plugin, installed before the ITs run.
 */
class MavenModeIT {
  private static final Duration LONG = Duration.ofSeconds(120);

  @TempDir Path tmp;

  private static void awaitServed(RunnerProcess r, int port, String text) {
    Poll.until(LONG, () -> Net.get(port, "/").map(String::strip).equals(Optional.of(text)),
        () -> "GET / answering '" + text + "'; runner said:\n" + r.output());
  }

  @Test
  void sampleAppRunsWithNothingButMavenModeAndItsMainClass_andAPomChangeResolvesTheClassPathAgain()
      throws Exception {
    SampleAppCopy app = SampleAppCopy.build(tmp);
    int port = Net.freePort();
    try (RunnerProcess r = RunnerProcess.start(tmp, Map.of(), List.of("--maven", app.dir.toString(),
        "--main", "dev.runner.sample.SampleApp", "--port", Integer.toString(port)))) {
      awaitServed(r, port, "Hello from sample-app");
      app.setGreeting("Hello from maven mode");
      awaitServed(r, port, "Hello from maven mode");
      Path pom = app.dir.resolve("pom.xml");
      Files.writeString(pom, Files.readString(pom).replace("</project>", "<!-- touched --></project>"));
      r.await("a pom changed: project model resolved again", LONG);
      app.setGreeting("Hello after the pom");
      awaitServed(r, port, "Hello after the pom");
    }
  }

  @Test
  void aDifferentProjectWithAResourceAndADependencyReloadsOnEachAndTakesItsMainClassFromThePom()
      throws Exception {
    Path dir = tmp.resolve("hello");
    Path java = Files.createDirectories(dir.resolve("src/main/java/com/acme/hello"));
    Path resources = Files.createDirectories(dir.resolve("src/main/resources"));
    Files.writeString(dir.resolve("pom.xml"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.acme</groupId><artifactId>hello</artifactId><version>1</version>
          <properties><maven.compiler.release>17</maven.compiler.release></properties>
          <dependencies>
            <dependency><groupId>info.picocli</groupId><artifactId>picocli</artifactId><version>4.7.7</version></dependency>
          </dependencies>
          <build><plugins><plugin>
            <artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version>
          </plugin><plugin>
            <groupId>org.codehaus.mojo</groupId><artifactId>exec-maven-plugin</artifactId><version>3.5.0</version>
            <configuration><mainClass>com.acme.hello.Hello</mainClass></configuration>
          </plugin></plugins></build>
        </project>
        """);
    Files.writeString(resources.resolve("greeting.txt"), "resource one");
    Files.writeString(java.resolve("Hello.java"), """
        package com.acme.hello;

        import com.sun.net.httpserver.HttpServer;
        import java.net.InetSocketAddress;
        import java.nio.charset.StandardCharsets;

        public class Hello {
          public static void main(String[] args) throws Exception {
            String text = new String(Hello.class.getResourceAsStream("/greeting.txt").readAllBytes(),
                StandardCharsets.UTF_8).strip();
            String body = picocli.CommandLine.Help.Ansi.OFF.string(text) + " / java one";
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("PORT"))), 10);
            s.createContext("/", ex -> {
              byte[] b = body.getBytes(StandardCharsets.UTF_8);
              ex.sendResponseHeaders(200, b.length);
              ex.getResponseBody().write(b);
              ex.close();
            });
            s.start();
          }
        }
        """);
    int port = Net.freePort();
    try (RunnerProcess r = RunnerProcess.start(dir, Map.of(), List.of("--maven", "--port", Integer.toString(port)))) {
      awaitServed(r, port, "resource one / java one");
      Files.writeString(resources.resolve("greeting.txt"), "resource two");
      awaitServed(r, port, "resource two / java one");
      Path src = java.resolve("Hello.java");
      Files.writeString(src, Files.readString(src).replace("java one", "java two"));
      awaitServed(r, port, "resource two / java two");
      assertTrue(Files.isRegularFile(dir.resolve("target/runner/model.json")), "project model cached under target/runner");
    }
  }
}
