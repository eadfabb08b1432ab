package dev.runner.bench;

import dev.runner.e2e.Census;
import dev.runner.e2e.Net;
import dev.runner.e2e.Poll;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: sample-app run directly and restarted by hand after each change, as a person
 * (or a simple script) would: stop it (SIGTERM and wait, or SIGKILL), start it again. Its
 * processes carry a census marker, so {@link #close} can prove that none is left.
 */
final class ByHand implements AutoCloseable {
  private static final Duration LONG = Duration.ofSeconds(60);

  final BenchApp app;
  private final Path log;
  private final String marker = UUID.randomUUID().toString();
  final int port = Net.freePort();
  private Process process;

  ByHand(BenchApp app, Path log) throws IOException {
    this.app = app;
    this.log = log;
    process = start();
    Poll.until(LONG, () -> Net.get(port, "/").isPresent(), () -> "sample-app served by hand:\n" + output());
  }

  private Process start() throws IOException {
    ProcessBuilder pb = new ProcessBuilder(app.childCommand()).directory(app.dir.toFile()).redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(log.toFile())).redirectInput(Redirect.from(new File("/dev/null")));
    pb.environment().put("PORT", Integer.toString(port));
    pb.environment().put("RUNNER_TEST_ID", marker);
    return pb.start();
  }

  /**
   * Makes the edit and restarts the app (SIGKILL, or SIGTERM, and wait for the exit either way);
   * returns the stop (signal to exit), the start (to the new text served) and the total, in ms.
   */
  ReloadBenchmark.Phases reload(BenchApp.Edit edit, boolean kill) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    edit.write().run();
    if (kill) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    long signalled = System.nanoTime();
    process.waitFor();
    long exited = System.nanoTime();
    process = start();
    long t1 = Measure.awaitServed(port, edit.text(), LONG, this::output);
    return new ReloadBenchmark.Phases(-1, -1, ms(exited - signalled), ms(t1 - exited), ms(t1 - t0));
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor(20, TimeUnit.SECONDS);
    try {
      Poll.until(Duration.ofSeconds(10), () -> Census.of(marker).isEmpty(),
          () -> "no process of the by-hand run left, but found " + Census.of(marker));
    } finally {
      Census.killAll(marker);
    }
  }
}
