package dev.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runner.mojo.RunnerJvm;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real runner JVM started by a test, with everything it prints captured. Every process it (and
 * its children) start carries this test's marker, so {@link #close()} can prove that nothing is
 * left, and kill (by pid) whatever is.
 */
public final class RunnerProcess implements AutoCloseable {
  static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  static final List<String> FAST_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");
  /** The runner JVM's own flags, as the ./runner launcher sets them for this JDK. */
  static final List<String> RUNNER_JVM = RunnerJvm.options(Runtime.version().feature());

  public final String testId = UUID.randomUUID().toString();
  private final Process process;
  private final StringBuffer output = new StringBuffer();
  private final Thread reader;
  private final Thread stdoutCounter;
  private final AtomicLong stdoutBytes = new AtomicLong();
  private final byte[] stdoutTail = new byte[4096];

  private RunnerProcess(List<String> argv, Path dir, Map<String, String> env, boolean countStdout) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(!countStdout)
        .redirectInput(Redirect.from(new File("/dev/null")));
    pb.environment().putAll(env);
    pb.environment().put("RUNNER_TEST_ID", testId);
    pb.environment().put("NO_COLOR", "1");
    process = pb.start();
    reader = new Thread(() -> pump(countStdout ? process.getErrorStream() : process.getInputStream()),
        "runner-output");
    reader.setDaemon(true);
    reader.start();
    stdoutCounter = countStdout ? new Thread(() -> count(process.getInputStream()), "runner-stdout") : null;
    if (stdoutCounter != null) {
      stdoutCounter.setDaemon(true);
      stdoutCounter.start();
    }
  }

  /** {@code java -cp <test class path> dev.runner.Main ARGS} in {@code dir}. */
  public static RunnerProcess start(Path dir, Map<String, String> env, List<String> args) throws IOException {
    return startOn(JAVA, RUNNER_JVM, dir, env, args);
  }

  /** Like {@link #start}, on another JDK's {@code java} with that JDK's runner flags. */
  public static RunnerProcess startOn(String java, List<String> jvmOptions, Path dir, Map<String, String> env,
      List<String> args) throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add(java);
    argv.addAll(jvmOptions);
    argv.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.runner.Main"));
    argv.addAll(args);
    return new RunnerProcess(argv, dir, env, false);
  }

  /**
   * Like {@link #start}, for floods: the runner's stdout (where the child's output goes) is read as
   * fast as it comes, counted and dropped ({@link #stdoutBytes()}); {@link #output()} is stderr only.
   */
  public static RunnerProcess startCountingStdout(Path dir, Map<String, String> env, List<String> args)
      throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add(JAVA);
    argv.addAll(RUNNER_JVM);
    argv.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.runner.Main"));
    argv.addAll(args);
    return new RunnerProcess(argv, dir, env, true);
  }

  /** Any argv (e.g. through a shell that ignores signals, or the ./runner launcher). */
  public static RunnerProcess startRaw(Path dir, Map<String, String> env, List<String> argv) throws IOException {
    return new RunnerProcess(argv, dir, env, false);
  }

  /** The command that starts a test fixture's main class as a child JVM. */
  public static List<String> fixture(String mainClass, String... args) {
    List<String> argv = new ArrayList<>();
    argv.add(JAVA);
    argv.addAll(FAST_JVM);
    argv.addAll(List.of("-cp", Path.of("target/test-classes").toAbsolutePath().toString(),
        "dev.runner.fixtures." + mainClass));
    argv.addAll(List.of(args));
    return argv;
  }

  private void pump(InputStream in) {
    byte[] buf = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buf)) > 0) {
        output.append(new String(buf, 0, n, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // process gone
    }
  }

  private void count(InputStream in) {
    byte[] buf = new byte[64 * 1024];
    try (in) {
      int n;
      while ((n = in.read(buf)) > 0) {
        synchronized (stdoutTail) {
          int keep = Math.min(n, stdoutTail.length);
          System.arraycopy(stdoutTail, keep, stdoutTail, 0, stdoutTail.length - keep);
          System.arraycopy(buf, n - keep, stdoutTail, stdoutTail.length - keep, keep);
        }
        stdoutBytes.addAndGet(n);
      }
    } catch (IOException e) {
      // process gone
    }
  }

  /** With {@link #startCountingStdout}: how many bytes the runner has written to stdout so far. */
  public long stdoutBytes() {
    return stdoutBytes.get();
  }

  /** With {@link #startCountingStdout}: the last few KiB of stdout. */
  public String stdoutTail() {
    synchronized (stdoutTail) {
      int len = (int) Math.min(stdoutBytes.get(), stdoutTail.length);
      return new String(stdoutTail, stdoutTail.length - len, len, StandardCharsets.UTF_8);
    }
  }

  public long pid() {
    return process.pid();
  }

  public String output() {
    return output.toString();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** Waits until the output matches {@code regex}; returns the match's first group (or all). */
  public String await(String regex, Duration deadline) {
    Pattern p = Pattern.compile(regex);
    String[] hit = new String[1];
    Poll.until(deadline, () -> {
      Matcher m = p.matcher(output);
      if (m.find()) {
        hit[0] = m.groupCount() > 0 ? m.group(1) : m.group();
        return true;
      }
      return false;
    }, () -> "output matching /" + regex + "/ in:\n" + output);
    return hit[0];
  }

  /** How many times {@code regex} occurs in the output so far. */
  public int count(String regex) {
    Matcher m = Pattern.compile(regex).matcher(output);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  public void signal(String name) {
    signal(name, process.pid());
  }

  /** Sends a signal to one pid (tests never kill by name). */
  public static void signal(String name, long pid) {
    try {
      Process k = new ProcessBuilder("kill", "-s", name, Long.toString(pid)).inheritIO().start();
      assertEquals(0, k.waitFor(), "kill -s " + name + " " + pid);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public int awaitExit(Duration deadline) throws InterruptedException {
    if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("runner did not exit within " + deadline + "; output:\n" + output);
    }
    reader.join(2000);
    if (stdoutCounter != null) {
      stdoutCounter.join(2000);
    }
    return process.exitValue();
  }

  /**
   * Stops the runner if it still runs (SIGTERM, as a user would), then checks that no process
   * of this test is left; any that is, is SIGKILLed by pid and the test fails.
   */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      signal("TERM");
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    try {
      Poll.until(Duration.ofSeconds(10), () -> Census.of(testId).isEmpty(),
          () -> "no process of the test left, but found " + Census.of(testId));
    } finally {
      Census.killAll(testId);
    }
  }
}
