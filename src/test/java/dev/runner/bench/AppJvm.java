package dev.runner.bench;

import dev.runner.e2e.Census;
import dev.runner.e2e.Poll;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * An app JVM the benchmark runs itself, without the runner: {@code java -cp CP MAIN} in the
 * project's directory, its port in {@code SERVER_PORT}, its output appended to a log. The by-hand
 * contestant restarts it after each edit; the DevTools one leaves it running and lets DevTools
 * restart the app inside it. Its processes carry a census marker, so {@link #close} can prove that
 * none is left and kill (by pid) any that is.
 */
final class AppJvm implements AutoCloseable {
  private final List<String> command;
  private final Path dir;
  private final Map<String, String> env;
  private final Path log;
  private final String marker = UUID.randomUUID().toString();
  private Process process;

  AppJvm(List<String> command, Path dir, Map<String, String> env, Path log) throws IOException {
    this.command = List.copyOf(command);
    this.dir = dir;
    this.env = Map.copyOf(env);
    this.log = log;
    process = start();
  }

  private Process start() throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(log.toFile())).redirectInput(Redirect.from(new File("/dev/null")));
    pb.environment().putAll(env);
    pb.environment().put("RUNNER_TEST_ID", marker);
    return pb.start();
  }

  /** What a person does after an edit: SIGTERM, wait for the exit, start the same command again. */
  void restart() throws IOException, InterruptedException {
    process.destroy();
    process.waitFor();
    process = start();
  }

  long pid() {
    return process.pid();
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  /** SIGTERM and wait; then nothing of this JVM may be left (what is, is SIGKILLed by pid, and fails). */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    try {
      Poll.until(Duration.ofSeconds(10), () -> Census.of(marker).isEmpty(),
          () -> "no process of " + command.get(command.size() - 1) + " left, but found " + Census.of(marker));
    } finally {
      Census.killAll(marker);
    }
  }
}
