package dev.runner.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.build.BuildStep;
import dev.runner.build.Builds;
import dev.runner.config.ChildJvm;
import dev.runner.config.RunnerConfig;
import dev.runner.process.ProcessTree.StopReport;
import dev.runner.watch.ChangeSet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The state machine, driven event by event with a fake clock and fake children: no processes. */
class SupervisorTest {
  private static final Path ROOT = Path.of("/app");
  private static final Path SOURCE = ROOT.resolve("src/App.java");
  private static final Path CLASS = ROOT.resolve("classes/App.class");
  private static final Path COPIED = ROOT.resolve("copied");
  private static final long MS = 1_000_000;

  private final List<String> calls = new ArrayList<>();
  private final StringWriter out = new StringWriter();
  private final Map<Path, Long> mtimes = new HashMap<>();
  private long now = 1_000 * MS;
  private long wall = 1_700_000_000_000L;
  private long nextPid = 100;

  private Supervisor supervisor(boolean reload, boolean withBuild) {
    RunnerConfig config = RunnerConfig.simple(List.of("server"), ROOT).withReload(reload);
    return supervisor(withBuild ? config.withBuild("make") : config, Optional.empty());
  }

  private Supervisor supervisor(RunnerConfig config, Optional<Front> front) {
    boolean withBuild = config.build().isPresent();
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
            return (int) pid + 10_000;
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
        // like the real stop: cut short (a second Ctrl-C), what is left gets SIGKILL
        return new StopReport(children.size(), forceNow.getAsBoolean() ? children.size() : 0, List.of(), 3);
      }

      @Override
      public void requestThreadDump(Child child) {
        calls.add("dump " + child.pid());
      }

      @Override
      public void prepare(int index) {
        calls.add("prepare " + index);
      }

      @Override
      public void discardPrepared() {
        calls.add("discard");
      }
    };
    Builds builds = new Builds() {
      private int n;

      @Override
      public String command() {
        return "make";
      }

      @Override
      public void start(long id, ChangeSet changes) {
        calls.add("build " + id);
      }

      @Override
      public void cancel() {
        calls.add("cancel build");
      }

      @Override
      public boolean needs(Path changed) {
        return changed.startsWith(COPIED); // a resource directory this build copies
      }
    };
    Supervisor.Clock clock = new Supervisor.Clock() {
      @Override
      public long nanoTime() {
        return now;
      }

      @Override
      public long wallMillis() {
        return wall;
      }

      @Override
      public void pause(Duration d) {
        now += d.toNanos();
        wall += d.toMillis();
      }
    };
    return new Supervisor(config, launcher, withBuild ? Optional.of(builds) : Optional.empty(), front,
        new Console(new PrintWriter(out), 0, false), clock,
        p -> mtimes.containsKey(p) ? OptionalLong.of(mtimes.get(p)) : OptionalLong.empty(), this::random);
  }

  private int draws;

  /**
   * A fake random(0..bound-1) that is not constant: 3, 7, 0, 9, 3, ... (each below the bound), so a
   * test sees whether every worker draws its own jitter, as the real one would.
   */
  private int random(int bound) {
    int[] values = {3, 7, 0, 9};
    return values[draws++ % values.length] % bound;
  }

  private void advance(long millis, Supervisor s) {
    now += millis * MS;
    wall += millis;
    s.tick();
  }

  @Test
  void halfASecondAfterAWorkerIsReadyItsSuccessorIsPreparedOnceAndALeftOverOneIsDiscardedAtShutdown() {
    Supervisor s = supervisor(RunnerConfig.simple(List.of("java"), ROOT).withJvm(new ChildJvm(false, true)),
        Optional.empty());
    s.startFirst();
    s.handle(new Event.ChildReady(100));
    assertEquals(OptionalLong.of(now + Slots.PREPARE_AFTER.toNanos()), s.nextDeadline());
    advance(Slots.PREPARE_AFTER.toMillis() - 1, s);
    assertEquals(List.of("start 100"), calls);
    advance(1, s);
    assertEquals(List.of("start 100", "prepare 0"), calls);
    advance(10_000, s);
    assertEquals(List.of("start 100", "prepare 0"), calls, "once per ready worker");
    s.handle(new Event.Shutdown(15));
    assertEquals(List.of("start 100", "prepare 0", "stop 100", "discard"), calls);
  }

  @Test
  void nothingIsPreparedWhileABuildRuns_itWaitsForTheBuildToEnd() {
    Supervisor s = supervisor(RunnerConfig.simple(List.of("java"), ROOT).withJvm(new ChildJvm(false, true))
        .withBuild("make"), Optional.empty());
    s.startFirst();
    s.handle(new Event.BuildFinished(1, new BuildStep.Result(0, "", 10)));
    s.handle(new Event.ChildReady(100));
    s.handle(new Event.FileChanged(SOURCE));
    advance(ReloadGate.SINGLE_FILE_QUIET.toMillis(), s); // the build starts
    assertEquals(List.of("build 1", "start 100", "build 2"), calls);
    advance(Slots.PREPARE_AFTER.toMillis() * 3, s);
    assertEquals(List.of("build 1", "start 100", "build 2"), calls, "not during the build");
    s.handle(new Event.BuildFinished(2, new BuildStep.Result(1, "error", 10))); // failed: the child stays
    advance(Slots.PREPARE_AFTER.toMillis(), s);
    assertEquals(List.of("build 1", "start 100", "build 2", "prepare 0"), calls);
  }

  @Test
  void withoutStandbysOrWithoutReloadingNothingIsPrepared() {
    for (RunnerConfig config : List.of(RunnerConfig.simple(List.of("java"), ROOT),
        RunnerConfig.simple(List.of("java"), ROOT).withJvm(new ChildJvm(true, true)).withReload(false))) {
      calls.clear();
      Supervisor s = supervisor(config, Optional.empty());
      s.startFirst();
      s.handle(new Event.ChildReady(nextPid - 1));
      advance(10_000, s);
      assertTrue(calls.stream().noneMatch(c -> c.startsWith("prepare")), calls.toString());
    }
  }

  @Test
  void aChangeRestartsOnlyAfterTheQuietPeriod_stoppingTheOldTreeBeforeStartingTheNew() {
    Supervisor s = supervisor(true, false);
    s.startFirst();
    s.handle(new Event.FileChanged(CLASS));
    s.handle(new Event.FileChanged(ROOT.resolve("classes/Other.class")));
    advance(199, s);
    assertEquals(List.of("start 100"), calls);
    advance(1, s);
    assertEquals(List.of("start 100", "stop 100", "start 101"), calls);
  }

  @Test
  void aLoneChangedFileWaitsOnlyTheShortQuietPeriod() {
    Supervisor s = supervisor(true, false);
    s.startFirst();
    s.handle(new Event.FileChanged(CLASS));
    advance(ReloadGate.SINGLE_FILE_QUIET.toMillis() - 1, s);
    assertEquals(List.of("start 100"), calls);
    advance(1, s);
    assertEquals(List.of("start 100", "stop 100", "start 101"), calls);
  }

  @Test
  void theReloadLineNamesTheFileThePidsAndTheTimeToReady() {
    Supervisor s = supervisor(true, false);
    s.startFirst();
    mtimes.put(CLASS, wall + 5);
    s.handle(new Event.FileChanged(CLASS));
    advance(200, s);
    now += 412 * MS;
    s.handle(new Event.ChildReady(101));
    // change -> ready: the 200 ms since the change count too, not only the 412 ms from the restart
    assertTrue(out.toString().contains("changed classes/App.class; restarting (pid 100 -> 101) ... ready in 612 ms"),
        out.toString());
    assertTrue(s.statusText().contains("ready in 612 ms"), s.statusText());
    assertTrue(s.statusText().contains("change to ready 612 ms"), "the -v phases add up to the same number: "
        + s.statusText());
  }

  @Test
  void aBurstOfWritesGivesOneRestart() {
    Supervisor s = supervisor(true, false);
    s.startFirst();
    for (int i = 0; i < 200; i++) {
      s.handle(new Event.FileChanged(ROOT.resolve("classes/C" + i + ".class")));
      advance(4, s);
    }
    advance(200, s);
    assertEquals(List.of("start 100", "stop 100", "start 101"), calls);
  }

  /** With a build step the runner builds before the first start; this gets that out of the way. */
  private Supervisor startedWithBuild() {
    Supervisor s = supervisor(true, true);
    s.startFirst();
    assertEquals(List.of("build 1"), calls);
    s.handle(new Event.BuildFinished(1, new BuildStep.Result(0, "", 900)));
    assertEquals(List.of("build 1", "start 100"), calls);
    calls.remove(0);
    return s;
  }

  @Test
  void aFailedFirstBuildStartsNothingAndWaitsForAFix() {
    Supervisor s = supervisor(true, true);
    s.startFirst();
    s.handle(new Event.BuildFinished(1, new BuildStep.Result(1, "boom", 900)));
    assertEquals(List.of("build 1"), calls);
    assertTrue(out.toString().contains("no child is running; fix the error and save to retry"), out.toString());
    s.handle(new Event.FileChanged(SOURCE));
    advance(200, s);
    s.handle(new Event.BuildFinished(2, new BuildStep.Result(0, "", 900)));
    assertEquals(List.of("build 1", "build 2", "start 100"), calls);
  }

  @Test
  void aSourceChangeBuildsFirstAndRestartsOnSuccess() {
    Supervisor s = startedWithBuild();
    s.handle(new Event.FileChanged(SOURCE));
    advance(200, s);
    assertEquals(List.of("start 100", "build 2"), calls);
    s.handle(new Event.BuildFinished(2, new BuildStep.Result(0, "", 900)));
    assertEquals(List.of("start 100", "build 2", "stop 100", "start 101"), calls);
  }

  @Test
  void aFailedBuildKeepsTheChildAndShowsTheOutput() {
    Supervisor s = startedWithBuild();
    s.handle(new Event.FileChanged(SOURCE));
    advance(200, s);
    s.handle(new Event.BuildFinished(2, new BuildStep.Result(1, "App.java:3: error: ';' expected", 900)));
    assertEquals(List.of("start 100", "build 2"), calls);
    assertTrue(out.toString().contains("App.java:3: error: ';' expected"), out.toString());
    assertTrue(out.toString().contains("pid 100 keeps running"), out.toString());
  }

  @Test
  void classFilesWrittenByTheBuildRideAlongWithItsRestart() {
    Supervisor s = startedWithBuild();
    s.handle(new Event.FileChanged(SOURCE));
    advance(200, s);
    s.handle(new Event.FileChanged(CLASS));
    advance(200, s);
    s.handle(new Event.BuildFinished(2, new BuildStep.Result(0, "", 900)));
    assertEquals(List.of("start 100", "build 2", "stop 100", "start 101"), calls);
  }

  @Test
  void aSourceChangeDuringABuildBuildsAgainBeforeOneRestart() {
    Supervisor s = startedWithBuild();
    s.handle(new Event.FileChanged(SOURCE));
    advance(200, s);
    s.handle(new Event.FileChanged(ROOT.resolve("src/Other.java")));
    advance(200, s);
    s.handle(new Event.BuildFinished(2, new BuildStep.Result(0, "", 900)));
    assertEquals(List.of("start 100", "build 2", "build 3"), calls);
    s.handle(new Event.BuildFinished(3, new BuildStep.Result(0, "", 900)));
    assertEquals(List.of("start 100", "build 2", "build 3", "stop 100", "start 101"), calls);
  }

  @Test
  void aChangeAlreadyOlderThanTheRunningChildDoesNotRestart() {
    Supervisor s = supervisor(true, false);
    s.startFirst();
    mtimes.put(CLASS, wall - 1_000);
    s.handle(new Event.FileChanged(CLASS));
    advance(200, s);
    assertEquals(List.of("start 100"), calls);
    mtimes.put(CLASS, wall);
    s.handle(new Event.FileChanged(CLASS));
    advance(200, s);
    assertEquals(List.of("start 100", "stop 100", "start 101"), calls);
  }

  @Test
  void aCrashWithReloadOnWaitsForTheNextChangeInsteadOfSpinning() {
    Supervisor s = supervisor(true, false);
    s.startFirst();
    s.handle(new Event.ChildExited(100, 1));
    advance(10_000, s);
    assertEquals(List.of("start 100", "stop 100"), calls); // only to sweep what it left behind
    assertNull(s.exitStatus());
    assertTrue(out.toString().contains("pid 100 exited with status 1 before it was ready"), out.toString());
    assertTrue(out.toString().contains("waiting for a change"), out.toString());
    s.handle(new Event.FileChanged(CLASS));
    advance(200, s);
    assertEquals(List.of("start 100", "stop 100", "start 101"), calls);
  }

  @Test
  void withReloadOffTheRunnerEndsWithTheChildsStatus() {
    Supervisor s = supervisor(false, false);
    s.startFirst();
    s.handle(new Event.FileChanged(CLASS));
    advance(200, s);
    s.handle(new Event.ChildExited(100, 3));
    assertEquals(3, s.exitStatus());
  }

  @Test
  void anExitOfAnEarlierGenerationIsIgnored() {
    Supervisor s = supervisor(true, false);
    s.startFirst();
    s.handle(new Event.ManualRestart("rs"));
    s.handle(new Event.ChildExited(100, 143));
    assertEquals(List.of("start 100", "stop 100", "start 101"), calls);
    assertNull(s.exitStatus());
  }

  @Test
  void shutdownStopsTheTreeAndCancelsTheBuild_thenNothingRestarts() {
    Supervisor s = startedWithBuild();
    s.post(new Event.Shutdown(15));
    s.handle(new Event.Shutdown(15));
    assertEquals(143, s.exitStatus());
    s.handle(new Event.FileChanged(CLASS));
    advance(200, s);
    assertEquals(List.of("start 100", "cancel build", "stop 100", "discard"), calls);
  }

  @Test
  void aSecondSigintDuringTheStopIsReportedAsSuch_notAsAGracePeriodThatRanOut() {
    Supervisor s = supervisor(true, false);
    s.startFirst();
    s.post(new Event.Shutdown(2));
    s.post(new Event.Shutdown(2)); // timeout -s INT, or Ctrl-C pressed twice
    s.handle(new Event.Shutdown(2));
    assertEquals(130, s.exitStatus());
    assertTrue(out.toString().contains("pid 100: a second SIGINT cut the stop short; killed 1 process(es)"),
        out.toString());
    assertTrue(!out.toString().contains("did not stop within --grace"), out.toString());
  }

  @Test
  void aLostTrackRebuildsWhenABuildIsConfigured() {
    Supervisor s = startedWithBuild();
    s.handle(new Event.LostTrack(ROOT, "overflow"));
    advance(200, s);
    assertEquals(List.of("start 100", "build 2"), calls);
  }

  private Front recordingFront() {
    return new Front() {
      @Override
      public void route(long pid, int port, int requestLimit) {
        calls.add("route " + pid + (requestLimit > 0 ? " limit " + requestLimit : ""));
      }

      @Override
      public void unroute(long pid) {
        calls.add("unroute " + pid);
      }

      @Override
      public void forget(long pid) {
      }

      @Override
      public boolean awaitIdle(Collection<Long> pids, Duration max, BooleanSupplier forceNow) {
        return true;
      }

      @Override
      public int served(long pid) {
        return 55;
      }
    };
  }

  @Test
  void aChangeTheAppSeesAsItIsReloadsPagesWithoutARestart_anyOtherFileInTheBatchRestarts() {
    Supervisor s = supervisor(RunnerConfig.simple(List.of("server"), ROOT).withWorkers(1, 0, 0),
        Optional.of(recordingFront()));
    Path css = ROOT.resolve("res/static/site.css");
    s.noRestart(p -> p.startsWith(ROOT.resolve("res/static")) ? Optional.of("static/** below res") : Optional.empty());
    s.events(new ReloadEvents() {
      @Override
      public void servedAsIs(List<Path> files) {
        calls.add("pages reload");
      }
    });
    s.startFirst();
    s.handle(new Event.ChildReady(100));
    assertEquals(List.of("start 100", "route 100"), calls);
    mtimes.put(css, wall);
    s.handle(new Event.FileChanged(css));
    advance(ReloadGate.SINGLE_FILE_QUIET.toMillis(), s);
    assertEquals(List.of("start 100", "route 100", "pages reload"), calls, "no restart");
    assertTrue(out.toString().contains("changed res/static/site.css; no restart, pid 100 serves it as it is"),
        out.toString());

    s.handle(new Event.FileChanged(css));
    s.handle(new Event.FileChanged(CLASS));
    mtimes.put(CLASS, wall);
    advance(config().debounce().toMillis(), s);
    assertEquals(List.of("start 100", "route 100", "pages reload", "unroute 100", "stop 100", "start 101"), calls, "a class file with it: the JVM must load it");
  }

  @Test
  void aResourceTheBuildCopiesIsBuiltThenServedAsItIsWithoutARestart_withASourceInTheBatchItRestarts() {
    Supervisor s = supervisor(RunnerConfig.simple(List.of("server"), ROOT).withBuild("model build"), Optional.empty());
    Path template = COPIED.resolve("templates/index.html");
    s.noRestart(p -> p.startsWith(COPIED.resolve("templates")) ? Optional.of("templates/** below copied")
        : Optional.empty());
    s.events(new ReloadEvents() {
      @Override
      public void servedAsIs(List<Path> files) {
        calls.add("pages reload");
      }
    });
    s.startFirst();
    s.handle(new Event.BuildFinished(1, new BuildStep.Result(0, "", 10)));
    s.handle(new Event.ChildReady(100));
    mtimes.put(template, wall);
    s.handle(new Event.FileChanged(template));
    advance(ReloadGate.SINGLE_FILE_QUIET.toMillis(), s);
    assertEquals(List.of("build 1", "start 100", "build 2"), calls, "the build copies it first");
    s.handle(new Event.BuildFinished(2, new BuildStep.Result(0, "", 10)));
    assertEquals(List.of("build 1", "start 100", "build 2", "pages reload"), calls, "then no restart");

    mtimes.put(SOURCE, wall);
    s.handle(new Event.FileChanged(template));
    s.handle(new Event.FileChanged(SOURCE));
    advance(config().debounce().toMillis(), s);
    s.handle(new Event.BuildFinished(3, new BuildStep.Result(0, "", 10)));
    assertEquals(List.of("build 1", "start 100", "build 2", "pages reload", "build 3", "stop 100", "start 101"), calls,
        "a source with it: the JVM must load the new classes");
  }

  @Test
  void aWorkerThatFailsBeforeItWasReadyBehindTheProxyGetsAHintAboutThePortTheRunnerOwns() {
    Supervisor s = supervisor(RunnerConfig.simple(List.of("server"), ROOT).withWorkers(1, 0, 0),
        Optional.of(recordingFront()));
    s.startFirst();
    s.handle(new Event.ChildExited(100, 1));
    assertTrue(out.toString().contains("if it failed to bind port 8080: that is the runner's, which proxies to the port"
        + " in PORT; have the app read PORT"), out.toString());
    assertTrue(out.toString().contains("or pass --no-proxy"), out.toString());
  }

  private static RunnerConfig config() {
    return RunnerConfig.simple(List.of("server"), ROOT);
  }

  @Test
  void aGenerationOfThreeWorkersIsReadyWhenAllAre_andAReloadReplacesEveryWorkerAfterStoppingAll() {
    Supervisor s = supervisor(RunnerConfig.simple(List.of("server"), ROOT).withWorkers(3, 0, 0),
        Optional.of(recordingFront()));
    s.startFirst();
    assertEquals(List.of("start 100", "start 101", "start 102"), calls);
    s.handle(new Event.ChildReady(100));
    s.handle(new Event.ChildReady(101));
    assertTrue(!out.toString().contains("ready in"), out.toString());
    s.handle(new Event.ChildReady(102));
    assertTrue(out.toString().contains("started server (pids 100, 101, 102) ... ready in"), out.toString());
    calls.clear();
    mtimes.put(CLASS, wall + 5);
    s.handle(new Event.FileChanged(CLASS));
    advance(200, s);
    assertEquals(List.of("unroute 100", "unroute 101", "unroute 102", "stop 100", "stop 101", "stop 102",
        "start 103", "start 104", "start 105"), calls);
  }

  @Test
  void aWorkerAtItsRequestLimitIsReplacedInItsSlotAndStoppedOnlyOnceTheReplacementIsReady() {
    Supervisor s = supervisor(RunnerConfig.simple(List.of("server"), ROOT).withWorkers(2, 50, 10),
        Optional.of(recordingFront()));
    s.startFirst();
    s.handle(new Event.ChildReady(100));
    s.handle(new Event.ChildReady(101));
    // each worker draws its own jitter (3, then 7), so the two are not recycled together
    assertEquals(List.of("start 100", "start 101", "route 100 limit 53", "route 101 limit 57"), calls);
    calls.clear();
    s.handle(new Event.RequestLimit(100));
    assertEquals(List.of("start 102"), calls);
    s.handle(new Event.ChildReady(102));
    assertEquals(List.of("start 102", "route 102 limit 50", "unroute 100", "stop 100"), calls);
    assertTrue(out.toString().contains("worker 0 recycled after 55 requests (pid 100 -> 102)"), out.toString());
    s.handle(new Event.ChildExited(100, 143));
    assertNull(s.exitStatus());
  }

  @Test
  void theLargestRequestLimitAndJitterDoNotOverflow() {
    Supervisor s = supervisor(RunnerConfig.simple(List.of("server"), ROOT)
        .withWorkers(1, Integer.MAX_VALUE, Integer.MAX_VALUE), Optional.of(recordingFront()));
    s.startFirst();
    s.handle(new Event.ChildReady(100));
    assertEquals(List.of("start 100", "route 100 limit " + Integer.MAX_VALUE), calls);
  }

  @Test
  void aWorkerKilledBeforeItWasEverReadyWaitsForAChange_noRestartLoop() {
    Supervisor s = supervisor(RunnerConfig.simple(List.of("server"), ROOT).withWorkers(2, 0, 0),
        Optional.of(recordingFront()));
    s.startFirst();
    s.handle(new Event.ChildReady(100));
    calls.clear();
    s.handle(new Event.ChildExited(101, 137)); // killed while starting, e.g. by the OOM killer
    assertEquals(List.of("unroute 101", "stop 101"), calls);
    assertTrue(out.toString().contains("before it was ready"), out.toString());
    assertTrue(out.toString().contains("waiting for a change"), out.toString());
  }

  @Test
  void aWorkerKilledFromOutsideIsStartedAgainInItsSlot_oneThatExitsOnItsOwnWaitsForAChange() {
    Supervisor s = supervisor(RunnerConfig.simple(List.of("server"), ROOT).withWorkers(2, 0, 0),
        Optional.of(recordingFront()));
    s.startFirst();
    s.handle(new Event.ChildReady(100));
    s.handle(new Event.ChildReady(101));
    calls.clear();
    s.handle(new Event.ChildExited(101, 137)); // SIGKILL: the OOM killer, a user, a chaos test
    assertEquals(List.of("unroute 101", "stop 101", "start 102"), calls);
    assertTrue(out.toString().contains("worker 1 (pid 101) was killed (status 137)"), out.toString());
    assertTrue(out.toString().contains("; replacing it\n[runner] started pid 102 in place of 101"), out.toString());
    s.handle(new Event.ChildReady(102));
    assertEquals(List.of("unroute 101", "stop 101", "start 102", "route 102"), calls);
    calls.clear();
    s.handle(new Event.ChildExited(100, 1)); // its own doing: restarting it could spin
    advance(10_000, s);
    assertEquals(List.of("unroute 100", "stop 100"), calls);
    assertTrue(out.toString().contains("waiting for a change"), out.toString());
    assertNull(s.exitStatus());
  }

  @Test
  void aChildNotReadyWithinTheStartTimeoutIsReportedAndStopped() {
    Supervisor s = supervisor(true, false);
    s.startFirst();
    assertEquals(OptionalLong.of(now + Duration.ofSeconds(60).toNanos()), s.nextDeadline());
    advance(59_999, s);
    assertEquals(List.of("start 100"), calls);
    advance(1, s);
    assertEquals(List.of("start 100", "stop 100"), calls);
    assertTrue(out.toString().contains("pid 100 was not ready within --timeout-start 1m"), out.toString());
  }

  @Test
  void aChildThatKeepsBeatingIsNeverJudgedDead_howeverLongItRuns() {
    Supervisor s = supervisor(RunnerConfig.simple(List.of("server"), ROOT)
        .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(2)), Optional.empty());
    s.startFirst();
    s.handle(new Event.Notified(100, "READY", "1"));
    for (int i = 0; i < 100; i++) {
      s.handle(new Event.Notified(100, "WATCHDOG", "1"));
      advance(1_900, s);
    }
    assertEquals(List.of("start 100"), calls);
  }

  @Test
  void silenceAfterTheFirstHeartbeatGetsAThreadDumpThenAReplacementInTheSameSlot() {
    Supervisor s = supervisor(RunnerConfig.simple(List.of("server"), ROOT)
        .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(2)), Optional.empty());
    s.startFirst();
    advance(10_000, s);
    assertEquals(List.of("start 100"), calls, "no heartbeat yet: the watchdog is not armed");
    s.handle(new Event.Notified(100, "READY", "1"));
    s.handle(new Event.Notified(100, "STATUS", "busy with job 7"));
    s.handle(new Event.Notified(100, "WATCHDOG", "1"));
    assertEquals(OptionalLong.of(now + Duration.ofSeconds(2).toNanos()), s.nextDeadline());
    advance(1_999, s);
    assertEquals(List.of("start 100"), calls);
    advance(1, s);
    assertEquals(List.of("start 100", "dump 100", "stop 100", "start 101"), calls);
    assertTrue(out.toString().contains("pid 100: no heartbeat for 2.0 s; last STATUS: busy with job 7"), out.toString());
  }

  @Test
  void aChildThatSpeaksTheProtocolIsReadyWhenItSaysSoNotWhenItsPortOpens() {
    Supervisor s = supervisor(true, false);
    s.startFirst();
    s.handle(new Event.Notified(100, "STATUS", "loading caches"));
    s.handle(new Event.ChildReady(100));
    assertTrue(!out.toString().contains("ready in"), out.toString());
    s.handle(new Event.Notified(100, "READY", "1"));
    assertTrue(out.toString().contains("started server (pid 100) ... ready in 0 ms (loading caches)"), out.toString());
  }

  @Test
  void classFilesOfABuildArrivingAfterItDoNotLoseTheReloadsPhaseTimings() {
    Supervisor s = startedWithBuild();
    s.handle(new Event.FileChanged(SOURCE));
    advance(50, s);
    s.handle(new Event.BuildFinished(2, new BuildStep.Result(0, "", 90)));
    mtimes.put(CLASS, wall - 100); // written by that build, before the new child was spawned
    s.handle(new Event.FileChanged(CLASS));
    advance(50, s);
    s.handle(new Event.ChildReady(101));
    assertTrue(s.statusText().contains("phases: debounce 50 ms"), s.statusText());
  }

  @Test
  void aReplacementThatBecomesReadyAfterTheWorkerItReplacesHasExitedSimplyTakesOver() {
    Supervisor s = supervisor(RunnerConfig.simple(List.of("server"), ROOT).withWorkers(1, 2, 0),
        Optional.of(recordingFront()));
    s.startFirst();
    s.handle(new Event.ChildReady(100));
    s.handle(new Event.RequestLimit(100));
    s.handle(new Event.ChildExited(100, 1));
    s.handle(new Event.ChildReady(101));
    assertTrue(out.toString().contains("worker 0: pid 101 took over"), out.toString());
    assertNull(s.exitStatus());
  }

  @Test
  void aChildThatSpeaksTheProtocolButNeverSaysReadyCountsAsReadyTwoSecondsAfterItsPortOpened() {
    Supervisor s = supervisor(true, false);
    s.startFirst();
    s.handle(new Event.Notified(100, "WATCHDOG", "1"));
    s.handle(new Event.ChildReady(100));
    advance(1_999, s);
    assertTrue(!out.toString().contains("ready in"), out.toString());
    s.handle(new Event.Notified(100, "WATCHDOG", "1"));
    advance(1, s);
    assertTrue(out.toString().contains("ready in"), out.toString());
  }
}
