package dev.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.e2e.Census;
import dev.runner.e2e.Net;
import dev.runner.e2e.Poll;
import dev.runner.e2e.RunnerProcess;
import dev.runner.e2e.SampleAppCopy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mvn -f sample-app exec:exec@dev} as a Java developer runs it: Maven starts the runner
 * (exec:exec, a JVM of its own) around sample-app with Maven's class path. However Maven goes, a
 * Ctrl-C to Maven alone or a {@code kill -9} of Maven, nothing of the test may be left: the first
 * works through Maven's shutdown hook, the second only through the runner's
 * {@code --exit-with-parent} (exec:exec orphans its child when Maven dies without its hooks).
 */
class ExecGoalIT {
  private static final Duration LONG = Duration.ofSeconds(180);
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Path JAR = ROOT.resolve("target/runner.jar");
  private static final String HELLO = "Hello from sample-app\n";

  @BeforeAll
  static void runnerJar() throws Exception {
    if (!Files.isRegularFile(JAR)) { // failsafe runs after package; by hand it may be missing
      Process p = new ProcessBuilder("mvn", "-q", "-B", "-Dstyle.color=never", "-DskipTests", "package")
          .directory(ROOT.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(10, TimeUnit.MINUTES) && p.exitValue() == 0, "mvn package:\n" + out);
    }
  }

  private static List<String> mvn(Path pom, int port, String... more) {
    List<String> argv = new ArrayList<>(List.of("mvn", "-q", "-B", "-Dstyle.color=never", "-f", pom.toString(),
        "exec:exec@dev", "-Dport=" + port));
    argv.addAll(List.of(more));
    return argv;
  }

  /** The runner JVM Maven started, and Maven's own JVM (its parent), once sample-app answers. */
  private record Tree(long maven, long runner) {}

  private static Tree awaitServing(RunnerProcess r, int port) {
    Poll.until(LONG, () -> {
      if (!r.alive()) { // Maven gave up (a build failure, a bad goal): say so now, not after the deadline
        throw new AssertionError("mvn exited with status " + exitStatus(r) + "; it said:\n" + r.output());
      }
      return Net.get(port, "/").equals(Optional.of(HELLO));
    }, () -> "sample-app served through exec:exec@dev; Maven and the runner said:\n" + r.output());
    List<Census.Proc> runners = Census.of(r.testId).stream()
        .filter(p -> p.cmdline().contains(" -jar ") && !p.cmdline().contains("classworlds")).toList();
    assertEquals(1, runners.size(), "one runner JVM: " + Census.of(r.testId));
    long runner = runners.get(0).pid();
    long maven = ProcessHandle.of(runner).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElseThrow();
    String mavenCmd = cmdline(maven);
    assertTrue(mavenCmd.contains("classworlds"), "the runner's parent is Maven's JVM: " + mavenCmd);
    String runnerCmd = cmdline(runner);
    assertTrue(runnerCmd.contains("--exit-with-parent"), runnerCmd);
    List<Census.Proc> apps = Census.of(r.testId).stream().filter(p -> p.cmdline().contains("dev.runner.sample.SampleApp")
        && !p.cmdline().contains(" -jar ")).toList();
    assertFalse(apps.isEmpty(), "sample-app's JVM: " + Census.of(r.testId));
    assertTrue(apps.get(0).cmdline().contains("undertow-core-"), "the child runs on Maven's class path: " + apps.get(0));
    return new Tree(maven, runner);
  }

  @Test
  void ctrlCToMavenAloneStopsTheRunnerAndTheWholeTree() throws Exception {
    int port = Net.freePort();
    try (RunnerProcess r = RunnerProcess.startRaw(ROOT, Map.of(), mvn(Path.of("sample-app"), port))) {
      Tree t = awaitServing(r, port);
      assertTrue(r.output().contains("app on http://127.0.0.1:" + port), r.output());
      RunnerProcess.signal("INT", t.maven()); // to Maven's pid only, not its process group
      assertEquals(130, r.awaitExit(LONG), "Maven ends as SIGINT ends a JVM:\n" + r.output());
      Poll.until(Duration.ofSeconds(60), () -> Census.of(r.testId).isEmpty(),
          () -> "nothing left after SIGINT to Maven (" + t.maven() + "): " + Census.of(r.testId) + "\n" + r.output());
      assertFalse(Net.get(port, "/").isPresent(), "nothing serves the port any more");
    }
  }

  @Test
  void killMinus9ToMavenStillLeavesNothing() throws Exception {
    int port = Net.freePort();
    try (RunnerProcess r = RunnerProcess.startRaw(ROOT, Map.of(), mvn(Path.of("sample-app"), port))) {
      Tree t = awaitServing(r, port);
      RunnerProcess.signal("KILL", t.maven());
      assertEquals(137, r.awaitExit(LONG), r.output());
      Poll.until(Duration.ofSeconds(60), () -> Census.of(r.testId).isEmpty(),
          () -> "nothing left after kill -9 of Maven (" + t.maven() + "): " + Census.of(r.testId) + "\n" + r.output());
      assertTrue(r.output().contains("parent process " + t.maven() + " is gone"), r.output());
      assertFalse(Net.get(port, "/").isPresent(), "nothing serves the port any more");
    }
  }

  /** On a private copy of sample-app (the repository's sources are never edited). */
  @Test
  void anEditedSourceIsServedAfterTheReload(@TempDir Path tmp) throws Exception {
    Path copy = SampleAppCopy.copySources(tmp);
    int port = Net.freePort();
    try (RunnerProcess r = RunnerProcess.startRaw(tmp, Map.of(), mvn(copy.resolve("pom.xml"), port, "-Drunner.jar=" + JAR))) {
      awaitServing(r, port);
      Path greeting = copy.resolve("src/main/java/dev/runner/sample/Greeting.java");
      String src = Files.readString(greeting);
      Files.writeString(greeting, src.replaceFirst("return \"[^\"]*\";", "return \"Hello from exec:exec\";"));
      Poll.until(LONG, () -> Net.get(port, "/").equals(Optional.of("Hello from exec:exec\n")),
          () -> "the edited greeting served; output:\n" + r.output());
      assertTrue(r.output().contains("changed src/main/java/dev/runner/sample/Greeting.java"), r.output());
    }
  }

  private static int exitStatus(RunnerProcess r) {
    try {
      return r.awaitExit(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static String cmdline(long pid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
    } catch (IOException e) {
      return "(pid " + pid + " gone)";
    }
  }

}
