package dev.runner.standby;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standby's own side: its agent jar, its wait for "go", and the app's main run by the launcher after it. */
class StandbyTest {
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private static final Path TEST_CLASSES = Path.of("target/test-classes").toAbsolutePath();

  @TempDir Path dir;

  @Test
  void onlyALineSayingGoStartsTheApp() throws IOException {
    assertTrue(Standby.awaitGo(in("go\n")));
    assertTrue(Standby.awaitGo(in("go")));
    assertFalse(Standby.awaitGo(in("")), "end of input: the runner discarded it, or died");
    assertFalse(Standby.awaitGo(in("gone\n")));
    assertFalse(Standby.awaitGo(in("\ngo\n")));
    assertFalse(Standby.awaitGo(in("go".repeat(100_000) + "\n")), "a long line is read to its end and refused");
  }

  @Test
  void theJarHoldsTheStandbyClassAloneAndIsWrittenOncePerVersion() throws IOException {
    Path jar = StandbyJar.ensure(dir);
    try (JarFile j = new JarFile(jar.toFile())) {
      assertEquals(List.of("META-INF/MANIFEST.MF", "dev/runner/standby/Standby.class"),
          j.stream().map(e -> e.getName()).toList());
      assertEquals(Standby.class.getName(), j.getManifest().getMainAttributes().getValue("Premain-Class"));
    }
    long written = Files.getLastModifiedTime(jar).toMillis();
    assertEquals(jar, StandbyJar.ensure(dir));
    assertEquals(written, Files.getLastModifiedTime(jar).toMillis());
  }

  @Test
  void withoutGoTheAppNeverRunsAndTheJvmEndsQuietly() throws Exception {
    Process p = standby(List.of("-", "dev.runner.fixtures.ExitWith", "7"));
    p.getOutputStream().close();
    assertEquals(0, await(p), "ended with 0, never ran ExitWith 7");
    assertEquals("", output(p));
  }

  @Test
  void goRunsMainWithItsArgumentsOnTheMainThreadAndItsExitStatusIsTheApps() throws Exception {
    // ExitWith prints nothing else; the rest (bottom stack frame, sun.java.command) is StandbyE2ETest's
    Process p = standby(List.of("-", "dev.runner.fixtures.ExitWith", "7"));
    go(p);
    assertEquals(7, await(p));
    assertEquals("exiting with 7\n", output(p));
  }

  @Test
  void aMissingMainClassOrAnExceptionFromMainEndsLikeTheJavaLauncherWould() throws Exception {
    Process missing = standby(List.of("-", "no.such.Main"));
    go(missing);
    assertEquals(1, await(missing));
    assertTrue(output(missing).contains("Error: Could not find or load main class no.such.Main"));

    Process throwing = standby(List.of("-", "dev.runner.fixtures.ExitWith", "not-a-number"));
    go(throwing);
    assertEquals(1, await(throwing));
    String out = output(throwing);
    assertTrue(out.contains("Exception in thread \"main\" java.lang.NumberFormatException"), out);
    assertFalse(out.contains("InvocationTargetException"), "the app's own exception, unwrapped: " + out);
  }

  @Test
  void preloadsJarAndJdkClassesOfTheListButNothingFromADirectory() throws Exception {
    Path list = dir.resolve("classes.lst");
    // the app's class comes first: had it been loaded, it would show before picocli's
    Files.write(list, List.of("# a class list", "java/lang/String id: 1", "dev/runner/fixtures/ExitWith",
        "@lambda-proxy x", "no/such/Klass", "a/B$$Lambda$1", "picocli/CommandLine"));
    String picocli = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> e.contains("picocli") && e.endsWith(".jar")).findFirst().orElseThrow();
    Process p = new ProcessBuilder(JAVA, "-javaagent:" + StandbyJar.ensure(dir) + "=" + list, "-Xshare:auto",
        "-verbose:class", "-cp", String.join(File.pathSeparator, TEST_CLASSES.toString(), picocli),
        "dev.runner.fixtures.ExitWith", "3").redirectErrorStream(true).start();
    try {
      String before = readUntil(p.getInputStream(), "picocli.CommandLine ");
      assertFalse(before.contains("dev.runner.fixtures.ExitWith"), "the app's class is not loaded ahead");
      go(p);
      assertEquals(3, await(p));
    } finally {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private Process standby(List<String> args) throws IOException {
    List<String> argv = new ArrayList<>(List.of(JAVA, "-javaagent:" + StandbyJar.ensure(dir) + "=" + args.get(0),
        "-Xshare:auto", "-cp", TEST_CLASSES.toString()));
    argv.addAll(args.subList(1, args.size()));
    return new ProcessBuilder(argv).redirectErrorStream(true).start();
  }

  private static void go(Process p) throws IOException {
    try (OutputStream out = p.getOutputStream()) {
      out.write("go\n".getBytes(StandardCharsets.US_ASCII));
    }
  }

  private static int await(Process p) throws InterruptedException {
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("standby JVM did not end within 60 s");
    }
    return p.exitValue();
  }

  private static String output(Process p) throws IOException {
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  /** Reads the output until {@code marker} has appeared (the process keeps running). */
  private static String readUntil(InputStream in, String marker) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != -1; c = in.read()) {
      b.append((char) c);
      if (b.indexOf(marker) >= 0 && c == '\n') {
        return b.toString();
      }
    }
    throw new AssertionError("no '" + marker + "' in:\n" + b);
  }

  private static InputStream in(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
  }
}
