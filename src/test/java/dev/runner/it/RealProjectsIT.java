package dev.runner.it;

import static dev.runner.it.PlainMaven.buildWithClassPaths;
import static dev.runner.it.PlainMaven.java;
import static dev.runner.it.PlainMaven.majorVersion;
import static dev.runner.it.PlainMaven.mvn;
import static dev.runner.it.PlainMaven.runtimeClassPath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.e2e.Net;
import dev.runner.e2e.Poll;
import dev.runner.e2e.RunnerProcess;
import dev.runner.it.RealProjects.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * (failsafe) The generated projects are real: plain Maven builds them and plain {@code java}
 * runs them, serving exactly what the runner's tests ({@link MavenProjectsIT} and its siblings)
 * expect. When one of these fails, the generator is wrong, not the runner.
 */
class RealProjectsIT {
  static final Duration START = Duration.ofSeconds(120);

  /** Polls until {@code GET path} answers {@code expected} (stripped). */
  static void awaitAnswer(RunnerProcess app, int port, String path, String expected) {
    Poll.until(START, () -> Net.get(port, path).map(String::strip).equals(Optional.of(expected)),
        () -> "GET " + path + " answering '" + expected + "' (now " + Net.get(port, path) + "); output:\n" + app.output());
  }

  /** The reactor and the main-class variants: about 40 s with a warm local repository. */
  @Test
  void generatedProjectsBuildWithPlainMaven(@TempDir Path tmp) throws Exception {
    Project reactor = RealProjects.reactor(tmp.resolve("shop"));
    buildWithClassPaths(reactor.root(), "package");
    String cp = runtimeClassPath(reactor.app());
    assertFalse(cp.contains("/org/junit/"), "no test jar on the runtime class path: " + cp);
    assertTrue(cp.contains("shop-lib-1.2.3.jar"), "the sibling from the reactor: " + cp);
    int port = Net.freePort();
    try (RunnerProcess app = java(reactor, port, "-cp", cp, reactor.mainClass())) {
      awaitAnswer(app, port, "/getter", "tea");
      awaitAnswer(app, port, "/mapper", "coffee 420");
      awaitAnswer(app, port, "/param", "sku");
      awaitAnswer(app, port, "/version", "1.2.3");
      awaitAnswer(app, port, "/note", ReactorProject.NOTE);
      awaitAnswer(app, port, "/lib", ReactorProject.LIB_TEXT);
      awaitAnswer(app, port, "/junit", "absent");
    }

    Project manifest = RealProjects.manifestMain(tmp.resolve("manifest"));
    mvn(manifest.root(), "package").ok();
    servesWithJavaJar(manifest, "target/from-manifest-1.0.0.jar", "from-manifest");

    Project shade = RealProjects.shadeMain(tmp.resolve("shade"));
    mvn(shade.root(), "package").ok();
    servesWithJavaJar(shade, "target/from-shade-1.0.0.jar", "from-shade");

    Project lone = RealProjects.loneMain(tmp.resolve("lone"));
    mvn(lone.root(), "compile").ok();
    assertTrue(Files.isRegularFile(lone.file("target/classes/com/acme/lone/Labels.class")), "the decoy compiled");
    port = Net.freePort();
    try (RunnerProcess app = java(lone, port, "-cp", "target/classes", lone.mainClass())) {
      awaitAnswer(app, port, "/", MainClassProjects.served("lone-main"));
    }

    Project two = RealProjects.twoMains(tmp.resolve("two"));
    mvn(two.root(), "compile").ok();
    for (String main : new String[] {MainClassProjects.TWO_ALPHA, MainClassProjects.TWO_BETA}) {
      Path cls = two.file("target/classes/" + main.replace('.', '/') + ".class");
      assertTrue(Files.isRegularFile(cls), "compiled: " + cls);
    }
  }

  private static void servesWithJavaJar(Project p, String jar, String artifactId) throws Exception {
    int port = Net.freePort();
    try (RunnerProcess app = java(p, port, "-jar", jar)) {
      awaitAnswer(app, port, "/", MainClassProjects.served(artifactId));
    }
  }

  /**
   * What Maven itself does with the compiler settings the runner must honour, and with a missing
   * dependency: about 30 s warm.
   */
  @Test
  void compilerSettingsAndErrorsAreAsMavenHasThem(@TempDir Path tmp) throws Exception {
    Project plain = RealProjects.noParameters(tmp.resolve("plain"));
    mvn(plain.root(), "compile").ok();
    int port = Net.freePort();
    try (RunnerProcess app = java(plain, port, "-cp", "target/classes", plain.mainClass())) {
      awaitAnswer(app, port, "/param", "arg0");
    }

    Project seventeen = RealProjects.release17(tmp.resolve("seventeen"));
    Jdk.java25(); // fails with a clear message when JDK 25 is missing
    Map<String, String> jdk25 = Map.of("JAVA_HOME", Jdk.TEMURIN_25.toString());
    mvn(seventeen.root(), jdk25, "compile").ok();
    assertEquals(61, majorVersion(seventeen.file("target/classes/com/acme/seventeen/SeventeenApp.class")),
        "release 17 compiled by Maven on JDK 25");
    int line = Jdk21Call.add(seventeen);
    PlainMaven.Result broken = mvn(seventeen.root(), jdk25, "compile");
    assertNotEquals(0, broken.exit(), "List.getFirst() is no Java 17 API:\n" + broken.tail());
    assertTrue(broken.output().contains("SeventeenApp.java:[" + line + ","),
        "Maven names the file and line " + line + ":\n" + broken.tail());

    Project missing = RealProjects.missingDependency(tmp.resolve("missing"));
    PlainMaven.Result failed = mvn(missing.root(), "compile");
    assertNotEquals(0, failed.exit(), failed.tail());
    assertTrue(failed.output().contains(RealProjects.MISSING), "Maven names the artifact:\n" + failed.tail());
  }

  /** Spring Boot and Micronaut: about 60 s warm (their starts dominate). */
  @Test
  void frameworkProjectsServeWithPlainMaven(@TempDir Path tmp) throws Exception {
    Project boot = RealProjects.springBoot(tmp.resolve("greet"));
    buildWithClassPaths(boot.root(), "compile");
    String cp = runtimeClassPath(boot.app());
    assertFalse(cp.contains("/org/junit/") || cp.contains("spring-boot-test"), "no test jar on the class path: " + cp);
    int port = Net.freePort();
    try (RunnerProcess app = java(boot, port, "-cp", cp, boot.mainClass())) {
      awaitAnswer(app, port, "/hello/world", "Hello, world!");
    }

    Project mn = RealProjects.micronaut(tmp.resolve("mn"));
    buildWithClassPaths(mn.root(), "compile");
    assertTrue(Files.isRegularFile(mn.file("target/classes/com/acme/mn/$GreetController$Definition.class")),
        "Micronaut's processor generated the controller's bean definition");
    port = Net.freePort();
    try (RunnerProcess app = java(mn, port, "-cp", runtimeClassPath(mn.app()), mn.mainClass())) {
      awaitAnswer(app, port, "/greet", FrameworkProjects.MICRONAUT_TEXT);
    }
  }
}
