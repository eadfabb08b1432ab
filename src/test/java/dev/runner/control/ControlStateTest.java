package dev.runner.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.json.Json;
import dev.runner.supervise.ReloadEvents;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bookkeeping of the control surface, driven through a whole dev loop with a clock the test moves. */
class ControlStateTest {
  private static final Path WORK = Path.of("/work/app");
  private static final Path GREETING = WORK.resolve("src/main/java/Greeting.java");
  private static final String JAVAC_ERROR = GREETING + ":7: error: ';' expected\n"
      + "        return \"x\"\n"
      + "                   ^";

  private final FakeClock clock = new FakeClock();
  private final ControlState state = new ControlState(clock, "1.2.3", WORK);
  private final List<ControlEvent> events = new ArrayList<>();

  @Test
  void everyStateOfADevLoopGivesADocumentOfTheSchema() {
    state.subscribe(events::add);
    List<String> seen = new ArrayList<>();
    seen.add(check("starting"));
    state.buildStarted();
    seen.add(check("building"));
    state.buildFinished(true, 0, "", 90);
    state.restartStarted();
    state.generationStarted(List.of(101L));
    state.workers(List.of(new ReloadEvents.Worker(0, 101, 4000, false, null, "", 0)), false);
    seen.add(check("starting")); // nothing was ever ready: still starting, not restarting
    clock.advance(Duration.ofMillis(400));
    state.workers(List.of(new ReloadEvents.Worker(0, 101, 4000, true, "serving", "pid 102", 0)), false);
    state.ready(List.of(101L), 400, null);
    seen.add(check("ready"));
    state.changed(List.of(GREETING), false);
    state.buildStarted();
    seen.add(check("building"));
    state.buildFinished(false, 1, JAVAC_ERROR, 120);
    seen.add(check("failed"));
    state.changed(List.of(GREETING), false);
    state.buildStarted();
    state.buildFinished(true, 0, "", 80);
    state.restartStarted();
    seen.add(check("restarting"));
    state.generationStarted(List.of(103L));
    state.ready(List.of(103L), 350, new ReloadEvents.PhaseTimes(20, 80, 40, 210, 350));
    seen.add(check("ready"));
    state.crashed(103, 3, "exited with status 3");
    seen.add(check("crashed"));
    assertEquals(List.of("starting", "building", "starting", "ready", "building", "failed", "restarting", "ready",
        "crashed"), seen);
    assertEquals(List.of("state", "build-started", "restart-started", "ready", "change", "build-started",
        "build-failed", "change", "build-started", "restart-started", "ready", "crashed"),
        events.stream().map(ControlEvent::name).toList());
  }

  @Test
  void aChangeServedAsItIsStaysReadyAndTellsOpenPagesToReload() {
    state.restartStarted();
    state.generationStarted(List.of(101L));
    state.ready(List.of(101L), 400, null);
    state.subscribe(events::add);
    Path css = WORK.resolve("src/main/resources/static/site.css");
    state.servedAsIs(List.of(css));
    assertEquals("ready", check("ready"), "nothing restarted");
    Map<?, ?> last = (Map<?, ?>) status().get("lastReload");
    assertEquals("served-as-is", last.get("result"));
    assertEquals(List.of("src/main/resources/static/site.css"), last.get("files"));
    assertEquals(List.of("state", "served-as-is"), events.stream().map(ControlEvent::name).toList());
    assertEquals(List.of("src/main/resources/static/site.css"), events.get(1).data().get("files"));
  }

  @Test
  void aSwapStaysReadyInTheSamePidsAndTellsOpenPagesToReload() {
    state.restartStarted();
    state.generationStarted(List.of(101L));
    state.ready(List.of(101L), 400, null);
    long generation = state.generation();
    state.subscribe(events::add);
    state.changed(List.of(GREETING), false);
    state.buildStarted();
    state.buildFinished(true, 0, "", 80);
    state.swapped(List.of(101L), 43, List.of("app.Greeting"));
    assertEquals("ready", check("ready"), "nothing restarted");
    assertEquals(generation, state.generation(), "the same generation");
    Map<?, ?> last = (Map<?, ?>) status().get("lastReload");
    assertEquals("swapped", last.get("result"));
    assertEquals(43L, ((Number) last.get("millis")).longValue());
    assertEquals(List.of("state", "change", "build-started", "swapped"),
        events.stream().map(ControlEvent::name).toList());
    Map<String, Object> swapped = events.get(3).data();
    assertEquals(List.of(101L), swapped.get("pids"));
    assertEquals(List.of("app.Greeting"), swapped.get("classes"));
  }

  @Test
  void aFailedBuildKeepsItsDiagnosticsUntilTheNextBuildSucceeds() {
    state.changed(List.of(GREETING), false);
    state.buildStarted();
    state.buildFinished(false, 1, JAVAC_ERROR, 120);
    Map<String, Object> s = status();
    List<?> diagnostics = (List<?>) s.get("diagnostics");
    assertEquals(1, diagnostics.size());
    Map<?, ?> d = (Map<?, ?>) diagnostics.get(0);
    assertEquals("src/main/java/Greeting.java", d.get("file"));
    assertEquals(7L, d.get("line"));
    assertEquals(20L, d.get("column"));
    assertEquals("build-failed", ((Map<?, ?>) s.get("lastReload")).get("result"));
    state.changed(List.of(GREETING), false);
    state.buildStarted();
    state.buildFinished(true, 0, "", 70);
    assertEquals(List.of(), status().get("diagnostics"));
  }

  @Test
  void aSubscriberGetsTheCurrentStateFirstThenEachStepWithIncreasingIds() {
    state.buildStarted();
    state.subscribe(events::add);
    state.buildFinished(false, 2, "[ERROR] " + GREETING + ":[7,20] ';' expected", 50);
    assertEquals("state", events.get(0).name());
    StatusSchema.check(Json.write(events.get(0).data()));
    assertEquals("building", events.get(0).data().get("state"));
    ControlEvent failed = events.get(1);
    assertEquals("build-failed", failed.name());
    assertTrue(failed.id() > events.get(0).id());
    Map<?, ?> d = (Map<?, ?>) ((List<?>) failed.data().get("diagnostics")).get(0);
    assertEquals(7, d.get("line"));
    assertEquals("src/main/java/Greeting.java", d.get("file"));
    assertEquals(2, failed.data().get("exitCode"));
  }

  @Test
  void aReadyEventCarriesThePhasesAndTheChangedFilesShowRelative() {
    state.subscribe(events::add);
    clock.advance(Duration.ofSeconds(5));
    state.changed(List.of(GREETING, WORK.resolve("src/main/java/A.java")), false);
    state.restartStarted();
    state.generationStarted(List.of(7L));
    state.ready(List.of(7L), 300, new ReloadEvents.PhaseTimes(20, 0, 30, 250, 300));
    ControlEvent ready = events.get(events.size() - 1);
    assertEquals("ready", ready.name());
    assertEquals(Map.of("debounce", 20L, "build", 0L, "stop", 30L, "start", 250L, "total", 300L),
        ready.data().get("phases"));
    Map<?, ?> reload = (Map<?, ?>) status().get("lastReload");
    assertEquals(List.of("src/main/java/A.java", "src/main/java/Greeting.java"), reload.get("files"));
    assertEquals("change", reload.get("trigger"));
    assertEquals(300L, reload.get("millis"));
    assertEquals(clock.instant().toString(), status().get("since"));
  }

  @Test
  void aManualRestartIsTriggeredByHandAndACrashWithoutExitStatusSaysNull() {
    state.manualRestart("rs");
    state.restartStarted();
    assertEquals("manual", ((Map<?, ?>) status().get("lastReload")).get("trigger"));
    state.crashed(55, -1, "not ready within --timeout-start 60s");
    Map<?, ?> crash = (Map<?, ?>) status().get("crash");
    assertNull(crash.get("exitStatus"));
    assertEquals(55L, crash.get("pid"));
    assertEquals("crashed", ((Map<?, ?>) status().get("lastReload")).get("result"));
  }

  @Test
  void requestCountsComeFromTheProxyWhenTheStatusIsRead() {
    state.workers(List.of(new ReloadEvents.Worker(0, 9, 4000, true, null, "", 2),
        new ReloadEvents.Worker(1, 0, 0, false, null, "", 0)), true);
    state.requestCounts(pid -> pid == 9 ? 17 : -1);
    Map<String, Object> s = status();
    Map<?, ?> w0 = (Map<?, ?>) ((List<?>) s.get("workers")).get(0);
    Map<?, ?> w1 = (Map<?, ?>) ((List<?>) s.get("workers")).get(1);
    assertEquals(17L, w0.get("requests"));
    assertEquals(2L, w0.get("restarts"));
    assertNull(w1.get("pid"));
    assertEquals(0L, w1.get("requests"));
    assertEquals(Boolean.TRUE, s.get("changesPending"));
  }

  private String check(String expected) {
    Map<String, Object> s = status();
    assertEquals(expected, s.get("state"));
    return (String) s.get("state");
  }

  /** The document as a client sees it: written, parsed and checked against the schema. */
  private Map<String, Object> status() {
    return StatusSchema.check(Json.write(state.status()));
  }

  private static final class FakeClock extends Clock {
    private Instant now = Instant.parse("2026-01-02T03:04:05Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
