package dev.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the runner exposes: the ports it listens on (loopback unless --host says otherwise, and
 * then it warns), the notify sockets (only the user can reach them), and file names (never
 * handed to a shell, never able to forge or garble the runner's own lines).
 */
class SurfaceE2ETest {
  private static final Duration LONG = Duration.ofSeconds(60);

  @TempDir Path dir;
  private int port;

  @BeforeEach
  void layout() throws IOException {
    Files.createDirectories(dir.resolve("classes"));
    Files.writeString(dir.resolve("classes/App.class"), "v0");
    port = Net.freePort();
  }

  private RunnerProcess runner(String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of(options));
    args.addAll(List.of("--port", Integer.toString(port), "--"));
    args.addAll(RunnerProcess.fixture("FileServer", "classes/App.class"));
    return RunnerProcess.start(dir, Map.of(), args);
  }

  private void awaitServed(RunnerProcess r, String content) {
    Poll.until(LONG, () -> Net.get(port, "/").equals(Optional.of(content)),
        () -> "GET / answering '" + content + "'; runner said:\n" + r.output());
  }

  @Test
  void theProxyAndTheStatusPageListenOnLoopbackOnlyByDefault() throws Exception {
    try (RunnerProcess r = runner("-w", "classes")) {
      awaitServed(r, "v0");
      assertTrue(Net.get(port, "/_runner/status.txt").orElseThrow().contains("worker 0: pid"));
      List<InetSocketAddress> listening = Listening.of(r.pid());
      assertTrue(listening.stream().anyMatch(a -> a.getPort() == port), "the runner listens on " + port + ": "
          + listening);
      assertTrue(listening.stream().allMatch(a -> a.getAddress().isLoopbackAddress()),
          "every socket the runner listens on is loopback: " + listening);
      assertFalse(r.output().contains("warning"), r.output());
    }
  }

  @Test
  void anotherHostListensThereAndSaysSo() throws Exception {
    try (RunnerProcess r = runner("--host", "0.0.0.0", "-w", "classes")) {
      awaitServed(r, "v0");
      r.await("warning: listening on 0\\.0\\.0\\.0:" + port + ": the app is reachable from other machines", LONG);
      assertTrue(Listening.of(r.pid()).stream().anyMatch(a -> a.getPort() == port && a.getAddress().isAnyLocalAddress()),
          () -> "listening on the wildcard address: " + listening(r));
    }
  }

  private static List<InetSocketAddress> listening(RunnerProcess r) {
    try {
      return Listening.of(r.pid());
    } catch (IOException e) {
      return List.of();
    }
  }

  @Test
  void theNotifySocketIsInAPrivateDirectoryAndIsPrivateItself() throws Exception {
    try (RunnerProcess r = runner("-w", "classes")) {
      awaitServed(r, "v0");
      long child = Long.parseLong(Net.get(port, "/pid").orElseThrow());
      String env = Files.readString(Path.of("/proc", Long.toString(child), "environ"));
      Path socket = Stream.of(env.split("\0")).filter(kv -> kv.startsWith("RUNNER_NOTIFY_SOCKET="))
          .map(kv -> Path.of(kv.substring("RUNNER_NOTIFY_SOCKET=".length()))).findFirst().orElseThrow();
      Path socketDir = socket.getParent();
      String me = System.getProperty("user.name");
      assertEquals(me, Files.getOwner(socketDir, LinkOption.NOFOLLOW_LINKS).getName());
      assertEquals("rwx------", mode(socketDir), socketDir.toString());
      assertEquals(me, Files.getOwner(socket, LinkOption.NOFOLLOW_LINKS).getName());
      Set<PosixFilePermission> socketMode = Files.getPosixFilePermissions(socket, LinkOption.NOFOLLOW_LINKS);
      assertTrue(socketMode.stream().allMatch(p -> p.name().startsWith("OWNER")),
          "only the owner may connect: " + PosixFilePermissions.toString(socketMode));
      assertTrue(Files.isSymbolicLink(socketDir) == false && Files.isDirectory(socketDir, LinkOption.NOFOLLOW_LINKS));
    }
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void fileNamesNeverPassThroughAShellNorGarbleTheRunnersLines() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    List<String> names = List.of("$(touch pwned-1).java", "; touch pwned-2 #.java", "`touch pwned-3`.java",
        "x' && touch pwned-4 '.java", "\"; touch pwned-5; \".java", "-rf --no-preserve-root.java",
        "line\nbreak.java", "esc\u001b[2Jape.java");
    for (String name : names) {
      Files.writeString(src.resolve(name), "class X {}\n");
    }
    String build = "echo built >> builds.txt";
    try (RunnerProcess r = runner("-w", "src", "-w", "classes", "--build", build)) {
      awaitServed(r, "v0");
      int restarts = 0;
      for (String name : names) {
        Files.writeString(src.resolve(name), "class X { int changed; }\n");
        int expected = ++restarts;
        Poll.until(LONG, () -> r.count("; restarting \\(pid \\d+ -> \\d+\\) \\.\\.\\. ready in") == expected,
            () -> "restart " + expected + " after changing " + name + ":\n" + r.output());
      }
      awaitServed(r, "v0");
      assertEquals(1 + names.size(), Files.readAllLines(dir.resolve("builds.txt")).size(), "one build per change");
      try (Stream<Path> all = Files.walk(dir)) {
        List<Path> pwned = all.filter(p -> p.getFileName().toString().startsWith("pwned")).toList();
        assertEquals(List.of(), pwned, "a file name was run as shell code");
      }
      String out = r.output();
      assertTrue(out.contains("changed src/$(touch pwned-1).java; restarting"), out);
      assertTrue(out.contains("changed src/line\\nbreak.java; restarting"), out); // shown escaped
      assertTrue(out.contains("changed src/esc\\x1b[2Jape.java; restarting"), out);
      assertFalse(out.contains("\u001b"), "no escape sequence from a file name reaches the terminal");
      assertTrue(out.lines().noneMatch(l -> l.startsWith("break.java")), "a file name cannot start a line:\n" + out);
    }
  }
}
