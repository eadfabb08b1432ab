package dev.runner.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.build.BuildStep;
import dev.runner.build.Builds;
import dev.runner.config.RunnerConfig;
import dev.runner.hotswap.HotswapClient;
import dev.runner.hotswap.SwapDecision.SwapClass;
import dev.runner.process.ProcessTree.StopReport;
import dev.runner.watch.ChangeSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The --hotswap hook of {@link Supervisor#reload} with a fake launcher, build and agent, and
 * real class files: what is sent to whom, what restarts, and the line each case says.
 */
class SupervisorHotswapTest {
  private static final long MS = 1_000_000;

  @TempDir Path dir;
  private final List<String> calls = new ArrayList<>();
  private final StringWriter out = new StringWriter();
  private final Map<Long, CompletableFuture<HotswapClient.Outcome>> answers = new HashMap<>();
  private long now = 1_000 * MS;
  private long nextPid = 100;
  private long requests;
  private Path classes;
  private Path source;

  @BeforeEach
  void compileTheFirstVersion() throws IOException {
    classes = Files.createDirectories(dir.resolve("classes"));
    source = dir.resolve("src/app/Greeting.java");
    compile("static String greet() { return \"v1\"; }");
  }

  private void compile(String body) throws IOException {
    Files.createDirectories(source.getParent());
    Files.writeString(source, "package app; public class Greeting {\n" + body + "\n}\n");
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
        source.toString()));
  }

  private Supervisor supervisor() {
    Child.Launcher launcher = new Child.Launcher() {
      @Override
      public Child start(int index) {
        long pid = nextPid++;
        calls.add("start " + pid);
        return new Child() {
          @Override
          public long pid() {
            return pid;
          }

          @Override
          public int port() {
            return -1;
          }

          @Override
          public int index() {
            return index;
          }
        };
      }

      @Override
      public StopReport stopAll(List<Child> children, Duration grace, BooleanSupplier forceNow) {
        children.forEach(c -> calls.add("stop " + c.pid()));
        return new StopReport(children.size(), 0, List.of(), 3);
      }

      @Override
      public void requestThreadDump(Child child) {}
    };
    Builds builds = new Builds() {
      @Override
      public String command() {
        return "javac";
      }

      @Override
      public void start(long id, ChangeSet changes) {
        calls.add("build " + id);
      }

      @Override
      public void cancel() {}
    };
    Supervisor.Clock clock = new Supervisor.Clock() {
      @Override
      public long nanoTime() {
        return now;
      }

      @Override
      public long wallMillis() {
        return now / MS;
      }
    };
    Supervisor s = new Supervisor(RunnerConfig.simple(List.of("java"), dir).withBuild("javac"), launcher,
        Optional.of(builds), Optional.empty(), new Console(new PrintWriter(out), 0, false), clock,
        p -> OptionalLong.of(now / MS), bound -> 0);
    s.hotswap(List.of(classes), new Hotswaps.Redefiner() {
      @Override
      public HotswapClient.Request redefine(Child child, List<SwapClass> swapped) {
        long id = ++requests;
        calls.add("redefine " + child.pid() + " " + swapped.stream().map(SwapClass::name).toList());
        CompletableFuture<HotswapClient.Outcome> outcome = new CompletableFuture<>();
        answers.put(id, outcome);
        return new HotswapClient.Request(id, outcome);
      }

      @Override
      public void abandon(long requestId, String reason) {
        calls.add("abandon " + requestId);
        answers.get(requestId).complete(new HotswapClient.Failed(reason));
      }
    });
    return s;
  }

  /** First build, pid 100 started and ready, its agent listening (unless not). */
  private Supervisor running(boolean listening) {
    Supervisor s = supervisor();
    s.startFirst();
    s.handle(new Event.BuildFinished(1, new BuildStep.Result(0, "", 10)));
    s.handle(new Event.ChildReady(100));
    if (listening) {
      s.handle(new Event.Notified(100, "LISTEN", "hotswap"));
    }
    calls.clear();
    return s;
  }

  /** The source is saved and compiled to {@code body}; the build of it is build 2. */
  private void edit(Supervisor s, String body) throws IOException {
    s.handle(new Event.FileChanged(source));
    now += ReloadGate.SINGLE_FILE_QUIET.toNanos();
    s.tick();
    compile(body);
    s.handle(new Event.BuildFinished(2, new BuildStep.Result(0, "", 10)));
  }

  @Test
  void aBodyOnlyChangeIsRedefinedInTheRunningChildAndNothingRestarts() throws IOException {
    Supervisor s = running(true);
    edit(s, "static String greet() { return \"v2\"; }");
    assertEquals(List.of("build 2", "redefine 100 [app.Greeting]"), calls);
    now += 40 * MS;
    answers.get(1L).complete(new HotswapClient.Redefined(1));
    s.handle(new Event.Swapped(1));
    assertEquals(List.of("build 2", "redefine 100 [app.Greeting]"), calls, "nothing stopped or started");
    assertTrue(out.toString().contains("changed src/app/Greeting.java; swapped Greeting.greet() in pid 100 ("),
        out.toString());
    assertTrue(s.statusText().contains("last reload: changed src/app/Greeting.java; swapped"), s.statusText());
  }

  @Test
  void aFieldAddedRestartsAndTheLineSaysWhy() throws IOException {
    Supervisor s = running(true);
    edit(s, "static int count; static String greet() { return \"v2\"; }");
    assertEquals(List.of("build 2", "stop 100", "start 101"), calls);
    s.handle(new Event.ChildReady(101));
    assertTrue(out.toString().contains("restarting (field added: Greeting.count; pid 100 -> 101) ... ready in"),
        out.toString());
  }

  @Test
  void withoutTheAgentListeningItRestartsAndSaysSo() throws IOException {
    Supervisor s = running(false);
    edit(s, "static String greet() { return \"v2\"; }");
    assertEquals(List.of("build 2", "stop 100", "start 101"), calls);
    s.handle(new Event.ChildReady(101));
    assertTrue(out.toString().contains("not swapped: the hotswap agent of pid 100 is not listening"), out.toString());
  }

  @Test
  void aFailedRedefinitionRestarts() throws IOException {
    Supervisor s = running(true);
    edit(s, "static String greet() { return \"v2\"; }");
    answers.get(1L).complete(new HotswapClient.Failed("UnsupportedOperationException: nope"));
    s.handle(new Event.Swapped(1));
    assertEquals(List.of("build 2", "redefine 100 [app.Greeting]", "stop 100", "start 101"), calls);
    s.handle(new Event.ChildReady(101));
    assertTrue(out.toString().contains("restarting (hotswap failed: UnsupportedOperationException: nope; pid 100"),
        out.toString());
  }

  @Test
  void noAnswerByTheDeadlineRestartsAndALateAnswerChangesNothing() throws IOException {
    Supervisor s = running(true);
    edit(s, "static String greet() { return \"v2\"; }");
    assertEquals(OptionalLong.of(now + Hotswaps.DEADLINE.toNanos()), s.nextDeadline());
    now += Hotswaps.DEADLINE.toNanos() - 1;
    s.tick();
    assertEquals(List.of("build 2", "redefine 100 [app.Greeting]"), calls);
    now += 1;
    s.tick();
    assertEquals(List.of("build 2", "redefine 100 [app.Greeting]", "abandon 1", "stop 100", "start 101"), calls);
    s.handle(new Event.Swapped(1)); // the abandoned request's completion, late
    assertEquals(5, calls.size(), "nothing more: " + calls);
  }

  @Test
  void afterAFailedBuildTheNextChangeRestarts() throws IOException {
    Supervisor s = running(true);
    s.handle(new Event.FileChanged(source));
    now += ReloadGate.SINGLE_FILE_QUIET.toNanos();
    s.tick();
    s.handle(new Event.BuildFinished(2, new BuildStep.Result(1, "error", 10)));
    s.handle(new Event.FileChanged(source));
    now += ReloadGate.SINGLE_FILE_QUIET.toNanos();
    s.tick();
    compile("static String greet() { return \"v2\"; }");
    s.handle(new Event.BuildFinished(3, new BuildStep.Result(0, "", 10)));
    assertEquals(List.of("build 2", "build 3", "stop 100", "start 101"), calls);
  }
}
