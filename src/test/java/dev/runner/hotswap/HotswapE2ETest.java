package dev.runner.hotswap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.e2e.Poll;
import dev.runner.hotswap.HotswapClient.Failed;
import dev.runner.hotswap.HotswapClient.Outcome;
import dev.runner.hotswap.HotswapClient.Redefined;
import dev.runner.hotswap.SwapDecision.Restart;
import dev.runner.hotswap.SwapDecision.Swap;
import dev.runner.notify.NotifyServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A real child JVM with the agent: a body edit is swapped into the running process (same pid, new
 * answer), a structural edit is decided "restart" and never sent, and a redefinition the JVM
 * refuses comes back as a failure while the app keeps running. On every JDK found here (17 and 25).
 */
class HotswapE2ETest {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String MAIN = """
      package app;
      import java.io.*;
      public class Main {
        public static void main(String[] args) throws IOException {
          BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
          for (String line; (line = in.readLine()) != null; ) {
            System.out.println("answer " + Greeting.greet() + " pid " + ProcessHandle.current().pid());
          }
        }
      }
      """;
  private static final String GREETING = "package app; public class Greeting { static String greet() { return \"v1\"; } }";

  @TempDir Path dir;
  private final Queue<String> heard = new ConcurrentLinkedQueue<>();
  private final BlockingQueue<String> output = new LinkedBlockingQueue<>();
  private NotifyServer server;
  private Process child;

  static Stream<String> javas() {
    List<String> javas = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    try (Stream<Path> jvms = Files.list(Path.of("/usr/lib/jvm"))) {
      jvms.filter(p -> p.getFileName().toString().matches("temurin-2[5-9].*"))
          .map(p -> p.resolve("bin/java")).filter(Files::isExecutable).findFirst()
          .ifPresent(p -> javas.add(p.toString()));
    } catch (IOException ignored) {
      // no other JDKs here
    }
    return javas.stream();
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (child != null) {
      child.destroyForcibly();
      child.waitFor(60, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest
  @MethodSource("javas")
  void aBodyEditIsSwappedIntoTheSameProcess(String java) throws Exception {
    Path classes = dir.resolve("classes");
    Javac.compileInto(dir.resolve("src1"), classes, Map.of("app/Main.java", MAIN, "app/Greeting.java", GREETING));
    ClassBaseline baseline = ClassBaseline.capture(List.of(classes));
    HotswapClient[] client = new HotswapClient[1];
    server = new NotifyServer(dir, new NotifyServer.Listener() {
      @Override
      public void message(String channelKey, String key, String value) {
        if (!client[0].offer(channelKey, key, value)) {
          heard.add(key + "=" + value);
        }
      }

      @Override
      public void warning(String channelKey, String text) {
        heard.add("warning " + text);
      }
    });
    client[0] = new HotswapClient(server, server.directory());
    Path socket = server.open("child");
    Path jar = HotswapJar.ensure(dir.resolve("cache"));

    ProcessBuilder pb = new ProcessBuilder(java, "-javaagent:" + jar, "-cp", classes.toString(), "app.Main")
        .redirectErrorStream(true);
    pb.environment().put(NotifyServer.ENV_SOCKET, socket.toString());
    child = pb.start();
    pump(child);
    Poll.until(PATIENCE, () -> heard.contains("LISTEN=hotswap"), () -> "the agent's LISTEN=hotswap among " + heard);
    String pid = " pid " + child.pid();
    assertEquals("answer v1" + pid, ask());

    Javac.compileInto(dir.resolve("src2"), classes, Map.of("app/Greeting.java", GREETING.replace("v1", "v2")));
    Swap swap = assertInstanceOf(Swap.class, SwapDecision.decide(baseline, List.of(classes.resolve("app/Greeting.class"))));
    assertEquals("body changed: Greeting.greet()", swap.reason());
    long start = System.nanoTime();
    Outcome outcome = client[0].await(client[0].redefine("child", swap.classes()), PATIENCE);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals(new Redefined(1), outcome);
    System.out.println("[hotswap] " + Path.of(java).getParent().getParent().getFileName()
        + ": request -> reply " + millis + " ms");
    assertEquals("answer v2" + pid, ask(), "the new body, in the same process");
    baseline = baseline.after(Map.of(swap.classes().get(0).file(), swap.classes().get(0).bytes()));

    Javac.compileInto(dir.resolve("src3"), classes,
        Map.of("app/Greeting.java", GREETING.replace("v1", "v3").replace("static String", "static int count; static String")));
    assertEquals(new Restart("field added: Greeting.count"),
        SwapDecision.decide(baseline, List.of(classes.resolve("app/Greeting.class"))));
    assertEquals("answer v2" + pid, ask(), "a structural change is not sent");

    // what the decision would have refused, sent anyway: the JVM refuses it and the app runs on
    byte[] structural = Files.readAllBytes(classes.resolve("app/Greeting.class"));
    Outcome refused = client[0].await(client[0].redefine("child",
        List.of(new SwapDecision.SwapClass("app.Greeting", classes.resolve("app/Greeting.class"), structural))), PATIENCE);
    Failed failed = assertInstanceOf(Failed.class, refused);
    assertTrue(failed.reason().startsWith("UnsupportedOperationException"), failed.reason());
    assertEquals("answer v2" + pid, ask());
    assertEquals(List.of(), List.copyOf(heard.stream().filter(h -> h.startsWith("warning")).toList()));
    try (Stream<Path> left = Files.list(server.directory())) {
      assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("hotswap-")).toList(),
          "each request's files are gone once it is answered");
    }
  }

  private String ask() throws IOException, InterruptedException {
    OutputStream in = child.getOutputStream();
    in.write("?\n".getBytes(StandardCharsets.UTF_8));
    in.flush();
    String line = output.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    if (line == null) {
      throw new AssertionError("no answer within " + PATIENCE.toSeconds() + " s; alive: " + child.isAlive());
    }
    return line;
  }

  private void pump(Process process) {
    Thread pump = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          output.add(line);
        }
      } catch (IOException ignored) {
        // the child ended
      }
    }, "child-output");
    pump.setDaemon(true);
    pump.start();
  }
}
