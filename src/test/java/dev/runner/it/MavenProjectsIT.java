package dev.runner.it;

import static dev.runner.it.RealProjectsIT.awaitAnswer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.e2e.Census;
import dev.runner.e2e.Net;
import dev.runner.e2e.Poll;
import dev.runner.e2e.RunnerProcess;
import dev.runner.it.RealProjects.Project;
import dev.runner.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * (failsafe) The runner on the generated projects of {@link RealProjects}, which
 * {@link RealProjectsIT} proves real with plain Maven: {@code --maven} and {@code runner:dev} take
 * the project from Maven (the plugin's {@code runner:model}, installed before the ITs), compile
 * with the build's own settings and processors, and serve what plain Maven serves.
 */
class MavenProjectsIT {
  private static final Duration LONG = Duration.ofSeconds(180);

  @TempDir Path tmp;

  /** The runner on this test's class path, in {@code dir}, on the JDK whose {@code bin/java} is given. */
  private static RunnerProcess runner(String java, Path dir, String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), "dev.runner.Main"));
    argv.addAll(List.of(args));
    return RunnerProcess.startRaw(dir, Map.of(), argv);
  }

  private static RunnerProcess runner(Path dir, String... args) throws Exception {
    return runner(Path.of(System.getProperty("java.home"), "bin", "java").toString(), dir, args);
  }

  /** {@code mvn dev.runner:runner:dev -Drunner.port=PORT} in {@code root}, as a user types it. */
  private static RunnerProcess devGoal(Path root, int port) throws Exception {
    return RunnerProcess.startRaw(root, Map.of(), List.of("mvn", "-B", "-Dstyle.color=never",
        "dev.runner:runner:" + GeneratedProject.pluginVersion() + ":dev", "-Drunner.port=" + port));
  }

  /**
   * Sends {@code signal} to the process {@code r} started, waits until no process of the test is
   * left, and returns its exit status.
   */
  private static int nothingLeftAfter(RunnerProcess r, String signal) throws InterruptedException {
    r.signal(signal);
    Poll.until(Duration.ofSeconds(30), () -> Census.of(r.testId).isEmpty(),
        () -> "nothing left 30 s after SIG" + signal + " to " + r.pid() + ", found " + Census.of(r.testId)
            + "; output:\n" + r.output());
    return r.awaitExit(Duration.ofSeconds(30));
  }

  /**
   * Prints the runner's reload lines (change to ready, pids) under the project's name: the
   * edit-to-served times of these projects, read off the failsafe report, not asserted.
   */
  private static void report(String project, RunnerProcess r) {
    r.output().lines().filter(l -> l.contains(" ... ready in ")).forEach(l -> System.out.println(project + ": " + l));
  }

  /** The pid of the ready worker, from {@code /_runner/status}. */
  private static long servingPid(int port) {
    Object doc = Json.parse(Net.get(port, "/_runner/status").orElse("{}"));
    if (doc instanceof Map<?, ?> m && m.get("workers") instanceof List<?> ws && !ws.isEmpty()
        && ws.get(0) instanceof Map<?, ?> w && w.get("pid") instanceof Long pid) {
      return pid;
    }
    throw new AssertionError("no worker pid in /_runner/status: " + doc);
  }

  /** The reactor from its root: Lombok, MapStruct, -parameters, filtered resources, the sibling's edits. */
  @Test
  void aReactorRunsFromItsRootAndASiblingModulesEditIsServed() throws Exception {
    Project shop = RealProjects.reactor(tmp.resolve("shop"));
    int port = Net.freePort();
    try (RunnerProcess r = runner(tmp, "--maven", shop.root().toString(), "--port", Integer.toString(port))) {
      awaitAnswer(r, port, "/getter", "tea");
      awaitAnswer(r, port, "/mapper", "coffee 420");
      awaitAnswer(r, port, "/param", "sku");
      awaitAnswer(r, port, "/version", ReactorProject.VERSION);
      awaitAnswer(r, port, "/note", ReactorProject.NOTE);
      awaitAnswer(r, port, "/lib", ReactorProject.LIB_TEXT);
      awaitAnswer(r, port, "/junit", "absent");
      ProjectFiles.replace(shop.root().resolve(ReactorProject.CATALOG), ReactorProject.LIB_TEXT, "lib says two");
      awaitAnswer(r, port, "/lib", "lib says two");
      awaitAnswer(r, port, "/mapper", "coffee 420");
      report("reactor --maven", r);
      nothingLeftAfter(r, "KILL"); // the guardian stops the app of a runner killed outright
    }
    Path installed = Path.of(System.getProperty("user.home"), ".m2/repository/com/acme/shop/shop-lib");
    assertFalse(Files.exists(installed), "nothing installed: the sibling ran from its output directory, but found "
        + installed);
  }

  /**
   * {@code mvn runner:dev} on the reactor root serves it, a lib edit included; Ctrl-C (SIGINT) of
   * Maven, and {@code kill -9} of Maven, each leave no process of it behind.
   */
  @Test
  void theDevGoalServesAReactorAndStoppingMavenLeavesNothing() throws Exception {
    Project shop = RealProjects.reactor(tmp.resolve("shop"));
    for (String signal : List.of("INT", "KILL")) {
      int port = Net.freePort();
      try (RunnerProcess mvn = devGoal(shop.root(), port)) {
        awaitAnswer(mvn, port, "/getter", "tea");
        awaitAnswer(mvn, port, "/mapper", "coffee 420");
        awaitAnswer(mvn, port, "/param", "sku");
        awaitAnswer(mvn, port, "/version", ReactorProject.VERSION);
        String next = signal.equals("INT") ? "lib says two" : "lib says three";
        ProjectFiles.replace(shop.root().resolve(ReactorProject.CATALOG),
            signal.equals("INT") ? ReactorProject.LIB_TEXT : "lib says two", next);
        awaitAnswer(mvn, port, "/lib", next);
        report("reactor runner:dev", mvn);
        assertTrue(Census.of(mvn.testId).size() >= 3, "Maven, the runner and the app: " + Census.of(mvn.testId));
        int status = nothingLeftAfter(mvn, signal);
        assertEquals(signal.equals("INT") ? 130 : 137, status, "Maven's exit status after SIG" + signal);
      }
    }
  }

  /** Spring Boot 4 from its pom (spring-boot-maven-plugin's main class, SERVER_PORT), a controller edit. */
  @Test
  void aSpringBootAppServesAndAControllerEditIsServed() throws Exception {
    Project boot = RealProjects.springBoot(tmp.resolve("greet"));
    // spring-boot-starter-parent lists src/main/resources twice (filtered and not), so Maven copies
    // it: the runner copies it too, and a static file's copy is served by the same JVM
    ProjectFiles.write(boot.app(), "src/main/resources/static/note.txt", "note one");
    int port = Net.freePort();
    try (RunnerProcess r = runner(boot.root(), "--maven", "--port", Integer.toString(port))) {
      awaitAnswer(r, port, "/hello/ada", "Hello, ada!");
      ProjectFiles.replace(boot.file(ProjectFiles.sourcePath(FrameworkProjects.SPRING_CONTROLLER)),
          FrameworkProjects.SPRING_GREETING, "Edited, ");
      awaitAnswer(r, port, "/hello/ada", "Edited, ada!");
      awaitAnswer(r, port, "/note.txt", "note one");
      long pid = servingPid(port);
      ProjectFiles.write(boot.app(), "src/main/resources/static/note.txt", "note two");
      awaitAnswer(r, port, "/note.txt", "note two");
      assertEquals(pid, servingPid(port), "a static file is served by the same JVM:\n" + r.output());
      report("spring boot --maven", r);
    }
    int port2 = Net.freePort();
    try (RunnerProcess mvn = devGoal(boot.root(), port2)) {
      awaitAnswer(mvn, port2, "/hello/bob", "Edited, bob!");
      ProjectFiles.replace(boot.file(ProjectFiles.sourcePath(FrameworkProjects.SPRING_CONTROLLER)),
          "Edited, ", "Dev goal, ");
      awaitAnswer(mvn, port2, "/hello/bob", "Dev goal, bob!");
      report("spring boot runner:dev", mvn);
    }
  }

  /**
   * Micronaut's processor regenerates its bean definitions: a new {@code @Get} method, a renamed
   * one, and a new {@code @Controller} are each served after their reload (not 404, not 500).
   */
  @Test
  void micronautRoutesAddedRenamedAndNewControllersAreServed() throws Exception {
    Project mn = RealProjects.micronaut(tmp.resolve("mn"));
    Path controller = mn.file(ProjectFiles.sourcePath(FrameworkProjects.MICRONAUT_CONTROLLER));
    int port = Net.freePort();
    try (RunnerProcess r = runner(mn.root(), "--maven", "--port", Integer.toString(port))) {
      awaitAnswer(r, port, "/greet", FrameworkProjects.MICRONAUT_TEXT);
      ProjectFiles.replace(controller, FrameworkProjects.MICRONAUT_CONTROLLER_END, """
            @Get(uri = "/more", produces = MediaType.TEXT_PLAIN)
            public String more() {
              return "more routes";
            }
          }
          """);
      awaitAnswer(r, port, "/greet/more", "more routes");
      ProjectFiles.replace(controller, "public String more()", "public String evenMore()");
      ProjectFiles.replace(controller, "\"more routes\"", "\"renamed route\"");
      awaitAnswer(r, port, "/greet/more", "renamed route");
      ProjectFiles.write(mn.app(), ProjectFiles.sourcePath("com.acme.mn.FarewellController"), """
          package com.acme.mn;

          import io.micronaut.http.MediaType;
          import io.micronaut.http.annotation.Controller;
          import io.micronaut.http.annotation.Get;

          @Controller("/bye")
          public class FarewellController {
            @Get(produces = MediaType.TEXT_PLAIN)
            public String index() {
              return "a new controller";
            }
          }
          """);
      awaitAnswer(r, port, "/bye", "a new controller");
      awaitAnswer(r, port, "/greet", FrameworkProjects.MICRONAUT_TEXT);
      report("micronaut --maven", r);
    }
    int port2 = Net.freePort();
    try (RunnerProcess mvn = devGoal(mn.root(), port2)) {
      awaitAnswer(mvn, port2, "/greet/more", "renamed route");
      ProjectFiles.replace(controller, "\"renamed route\";\n  }", """
          "renamed route";
            }

            @Get(uri = "/dev", produces = MediaType.TEXT_PLAIN)
            public String dev() {
              return "added under the dev goal";
            }""");
      awaitAnswer(mvn, port2, "/greet/dev", "added under the dev goal");
      report("micronaut runner:dev", mvn);
    }
  }

  /**
   * The build's compiler settings, not the runner's JDK: a release-17 project under a runner on
   * JDK 25 gets Java 17 class files, and a JDK 21 API call is an error with its file and line
   * while the last good version keeps serving; a pom without {@code -parameters} sees {@code arg0}.
   */
  @Test
  void releaseAndParametersAreTheBuildsOwn() throws Exception {
    Project seventeen = RealProjects.release17(tmp.resolve("seventeen"));
    int port = Net.freePort();
    try (RunnerProcess r = runner(Jdk.java25(), seventeen.root(), "--maven", "--port", Integer.toString(port))) {
      awaitAnswer(r, port, "/", "built for 17");
      assertEquals(61, PlainMaven.majorVersion(seventeen.file("target/classes/com/acme/seventeen/SeventeenApp.class")),
          "release 17 class files from a runner on JDK 25");
      int line = Jdk21Call.add(seventeen);
      r.await("SeventeenApp\\.java:" + line + ":", LONG);
      assertEquals(Optional.of("built for 17"), Net.get(port, "/").map(String::strip), "the last good version serves");
    }

    Project plain = RealProjects.noParameters(tmp.resolve("plain"));
    port = Net.freePort();
    try (RunnerProcess r = runner(plain.root(), "--maven", "--port", Integer.toString(port))) {
      awaitAnswer(r, port, "/param", "arg0");
      assertEquals(130, nothingLeftAfter(r, "INT"), "Ctrl-C of the runner under --maven: status 130, nothing left");
    }
  }

  /**
   * The main class as the build names it: a jar manifest, a shade manifest, or the one class with a
   * main method; two candidates are an error that names both; a missing dependency is Maven's own
   * reason. A second start takes the cached model.
   */
  @Test
  void mainClassesAsBuildsNameThemAndErrorsWithMavensReason() throws Exception {
    Map<String, Project> byArtifact = new LinkedHashMap<>();
    byArtifact.put("from-manifest", RealProjects.manifestMain(tmp.resolve("manifest")));
    byArtifact.put("from-shade", RealProjects.shadeMain(tmp.resolve("shade")));
    byArtifact.put("lone-main", RealProjects.loneMain(tmp.resolve("lone")));
    for (Map.Entry<String, Project> e : byArtifact.entrySet()) {
      int port = Net.freePort();
      try (RunnerProcess r = runner(e.getValue().root(), "--maven", "--port", Integer.toString(port))) {
        awaitAnswer(r, port, "/", MainClassProjects.served(e.getKey()));
      }
    }
    int port = Net.freePort();
    try (RunnerProcess r = runner(byArtifact.get("lone-main").root(), "--maven", "-v", "--port",
        Integer.toString(port))) {
      awaitAnswer(r, port, "/", MainClassProjects.served("lone-main"));
      assertTrue(r.output().contains("project model: cached"), "the second start takes the cached model:\n"
          + r.output());
    }

    Project two = RealProjects.twoMains(tmp.resolve("two"));
    try (RunnerProcess r = runner(two.root(), "--maven", "--port", Integer.toString(Net.freePort()))) {
      assertEquals(2, r.awaitExit(LONG), r.output());
      assertTrue(r.output().contains(MainClassProjects.TWO_ALPHA) && r.output().contains(MainClassProjects.TWO_BETA),
          "both candidates named:\n" + r.output());
    }

    Project missing = RealProjects.missingDependency(tmp.resolve("missing"));
    try (RunnerProcess r = runner(missing.root(), "--maven", "--port", Integer.toString(Net.freePort()))) {
      assertEquals(2, r.awaitExit(LONG), r.output());
      assertTrue(r.output().contains(RealProjects.MISSING), "Maven's reason names the artifact:\n" + r.output());
    }
  }
}
