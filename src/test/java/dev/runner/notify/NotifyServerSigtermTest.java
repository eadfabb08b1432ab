package dev.runner.notify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shutdown hook removes the directory when the runner is stopped by SIGTERM, not close(). */
class NotifyServerSigtermTest {
  @TempDir Path base;

  @Test
  void sigtermRemovesTheDirectory() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), NotifyServerMain.class.getName(), base.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    try {
      FutureTask<String> firstLine = new FutureTask<>(
          () -> new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8)).readLine());
      Thread reader = new Thread(firstLine, "fixture-output");
      reader.setDaemon(true);
      reader.start();
      Path dir = Path.of(firstLine.get(60, TimeUnit.SECONDS));
      assertTrue(Files.exists(dir.resolve("child.sock")), "socket in " + dir);

      process.destroy(); // SIGTERM to this pid

      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "fixture did not exit on SIGTERM");
      assertEquals(143, process.exitValue());
      assertFalse(Files.exists(dir), dir + " is still there");
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }
}
