package dev.runner.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The argv a spawner builds for the tools it finds (a probe that says what is missing), then real
 * children: environment and mark, session, output; and, from a stand-in runner JVM started with
 * INT and QUIT ignored, default signals in the child and the child's death with its parent.
 */
class SpawnerTest {
  private static final List<String> SETPRIV = List.of("setpriv", "--pdeathsig", "KILL", "--");
  private static final List<String> ENV = List.of("env", "--default-signal", "--");
  private static final List<String> SETSID = List.of("setsid", "--");

  @TempDir Path dir;

  private static Spawner without(Set<String> missing, boolean proc) {
    return Spawner.detect(argv -> !missing.contains(argv.get(0)), proc);
  }

  private static List<String> concat(List<List<String>> parts) {
    List<String> out = new ArrayList<>();
    parts.forEach(out::addAll);
    return out;
  }

  @Test
  void putsEveryToolItFindsInFrontOfTheCommandInOrder() {
    Spawner s = without(Set.of(), true);

    assertEquals(concat(List.of(SETPRIV, ENV, SETSID, List.of("java", "-version"))), s.argv(List.of("java", "-version")));
    assertTrue(s.ownSession());
    assertEquals(List.of(), s.limitations());
  }

  @Test
  void leavesOutAMissingToolAndSaysWhatIsLost() {
    Spawner noSetpriv = without(Set.of("setpriv"), true);
    assertEquals(concat(List.of(ENV, SETSID, List.of("x"))), noSetpriv.argv(List.of("x")));
    assertEquals(1, noSetpriv.limitations().size());
    assertTrue(noSetpriv.limitations().get(0).contains("pdeathsig"), noSetpriv.limitations().toString());

    Spawner noEnv = without(Set.of("env"), true);
    assertEquals(concat(List.of(SETPRIV, SETSID, List.of("x"))), noEnv.argv(List.of("x")));
    assertTrue(noEnv.limitations().get(0).contains("--default-signal"), noEnv.limitations().toString());

    Spawner noSetsid = without(Set.of("setsid"), true);
    assertEquals(concat(List.of(SETPRIV, ENV, List.of("x"))), noSetsid.argv(List.of("x")));
    assertTrue(!noSetsid.ownSession() && noSetsid.limitations().get(0).contains("setsid"));

    Spawner noProc = without(Set.of(), false);
    assertEquals(concat(List.of(SETPRIV, ENV, List.of("x"))), noProc.argv(List.of("x")), "no session without /proc to find it");
    assertTrue(!noProc.ownSession() && noProc.limitations().get(0).contains("/proc"));

    List<String> reported = new ArrayList<>();
    without(Set.of("setpriv", "env", "setsid"), true).reportLimitations(reported::add);
    assertEquals(3, reported.size(), reported.toString());
  }

  @Test
  void detectsTheToolsOfThisMachine() {
    assumeTrue(ProcStat.supported(), "needs /proc");
    Spawner s = Spawner.detect();
    assumeTrue(s.limitations().isEmpty(), () -> "tools missing here: " + s.limitations());
    assertEquals(concat(List.of(SETPRIV, ENV, SETSID, List.of("cmd"))), s.argv(List.of("cmd")));
    assertTrue(s.markPrefix().startsWith("RUNNER_TREE=" + Long.toHexString(ProcessHandle.current().pid()) + "-"),
        s.markPrefix());
  }

  @Test
  void theChildGetsTheExtraEnvironmentAMarkPerTreeAndASessionOfItsOwn() throws Exception {
    assumeTrue(ProcStat.supported(), "needs /proc");
    Spawner s = Spawner.detect();
    assumeTrue(s.ownSession(), "needs setsid");
    try (Reals reals = new Reals()) {
      String script = "echo \"$RUNNER_TREE|$EXTRA|$(pwd)\"; echo to-stderr >&2; exec sleep 1000";
      Spawner.Spawned a = s.spawn("w0", List.of("sh", "-c", script), dir, Map.of("EXTRA", "yes"),
          Redirect.PIPE, Redirect.PIPE, null);
      reals.track(a.process());
      Spawner.Spawned b = s.spawn("build", List.of("sleep", "1000"), dir, Map.of(), Redirect.PIPE,
          Redirect.DISCARD, Redirect.DISCARD);
      reals.track(b.process());

      BufferedReader out = new BufferedReader(new InputStreamReader(a.process().getInputStream(), StandardCharsets.UTF_8));
      String instance = s.markPrefix().substring("RUNNER_TREE=".length());
      assertEquals(instance + "1.w0|yes|" + dir.toRealPath(), out.readLine());
      assertEquals("to-stderr", out.readLine(), "stderr merged into stdout when err is null");

      long pid = a.process().pid();
      assertEquals(pid, a.tree().leaderPid());
      assertEquals(pid, a.tree().session());
      Reals.until(() -> ProcStat.read(pid).map(st -> st.session() == pid).orElse(false),
          () -> pid + " leads a session of its own");
      Reals.until(() -> reals.marked(s.markPrefix()).size() == 2, () -> "both trees carry the mark");
      assertTrue(reals.marked(s.markPrefix() + "2.build").size() == 1, "each tree its own number and label");
      assertTrue(a.tree().alive());
    }
  }

  @Test
  void fromARunnerThatIgnoresIntAndQuitTheChildHasDefaultSignalsAndDiesWithIt() throws Exception {
    assumeTrue(ProcStat.supported(), "needs /proc");
    assumeTrue(Spawner.detect().limitations().isEmpty(), "needs setpriv, env --default-signal and setsid");
    long intQuit = 1L << 1 | 1L << 2;
    try (Reals reals = new Reals()) {
      // a background job in a non-interactive shell starts like this
      Process runner = reals.track(StandIn.start("spawn", "trap '' INT QUIT;"));
      BufferedReader out = new BufferedReader(new InputStreamReader(runner.getInputStream(), StandardCharsets.UTF_8));
      value(out, "mark ");
      long self = sigIgn(value(out, "self SigIgn:"));
      long child = sigIgn(value(out, "SigIgn:"));
      long sleep = reals.track(Long.parseLong(value(out, "sleep ")));
      ProcStat sleeping = ProcStat.read(sleep).orElseThrow();

      // HotSpot takes SIGQUIT back for its thread dumps; SIGINT it leaves ignored (see FACTS.md)
      assertEquals(1L << 1, self & 1L << 1, "the stand-in runner ignores INT");
      assertEquals(0, child & intQuit, "its child does not");

      runner.destroyForcibly(); // SIGKILL: no shutdown hook, no stop; only pdeathsig is left

      assertTrue(runner.waitFor(60, TimeUnit.SECONDS));
      Reals.until(() -> !sleeping.stillAlive(), () -> "the child " + sleep + " died with the runner");
    }
  }

  private static long sigIgn(String hex) {
    return Long.parseLong(hex.trim(), 16);
  }

  private static String value(BufferedReader out, String key) throws IOException {
    return GuardianTest.value(out, key);
  }
}
