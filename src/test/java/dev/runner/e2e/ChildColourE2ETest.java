package dev.runner.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child that colours its output only on a terminal (Spring Boot) still colours it when the
 * runner runs in one: the runner is started on a pseudo-terminal by util-linux {@code script}, and
 * the child prints what it was told. {@code NO_COLOR} wins and reaches the child as it is.
 */
class ChildColourE2ETest {
  private static final Duration LONG = Duration.ofSeconds(60);
  private static final List<String> CHILD = List.of("--no-reload", "--", "sh", "-c",
      "echo \"ansi=[$SPRING_OUTPUT_ANSI_ENABLED] no_color=[$NO_COLOR]\"");

  @TempDir Path dir;

  /**
   * The runner with {@link #CHILD} and {@code NO_COLOR} as given (RunnerProcess sets it for every
   * other test); on a terminal, its stdin, stdout and stderr are a pseudo-terminal.
   */
  private RunnerProcess runner(boolean terminal, String noColor) throws Exception {
    List<String> runner = new ArrayList<>(List.of("env", "-u", "NO_COLOR"));
    if (noColor != null) {
      runner.add("NO_COLOR=" + noColor);
    }
    runner.add(RunnerProcess.JAVA);
    runner.addAll(RunnerProcess.RUNNER_JVM);
    runner.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.runner.Main"));
    runner.addAll(CHILD);
    if (!terminal) {
      return RunnerProcess.startRaw(dir, Map.of(), runner);
    }
    String command = runner.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    return RunnerProcess.startRaw(dir, Map.of(), List.of("script", "-qefc", command, "/dev/null"));
  }

  @Test
  void onATerminalTheChildIsToldToColour() throws Exception {
    try (RunnerProcess r = runner(true, null)) {
      r.await("ansi=\\[ALWAYS\\] no_color=\\[\\]", LONG);
    }
  }

  @Test
  void noColorWinsAndReachesTheChild() throws Exception {
    try (RunnerProcess r = runner(true, "1")) {
      r.await("ansi=\\[\\] no_color=\\[1\\]", LONG);
    }
  }

  @Test
  void withoutATerminalNothingIsSet() throws Exception {
    try (RunnerProcess r = runner(false, null)) {
      r.await("ansi=\\[\\] no_color=\\[\\]", LONG);
    }
  }
}
