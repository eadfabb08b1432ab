package dev.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker dying under the proxy: requests that reached it and got no answer go to another worker
 * when that is safe (idempotent, no body streamed), and are answered with an error when it is not.
 * The client here is a raw socket, one connection per request, because the JDK's HTTP clients
 * silently resend a request whose connection failed and would hide exactly the failures looked for.
 */
class ProxyRetryE2ETest {
  private static final Duration LONG = Duration.ofSeconds(60);
  private static final int KILLS = 6;
  private static final Pattern READY_WORKER = Pattern.compile("worker (\\d+): pid (\\d+), internal port \\d+, ready");

  @TempDir Path dir;
  private int port;

  /** Status (-1 when the connection ended without an answer), headers and body. */
  record Answer(int status, String head, String body) {
    /** The pid of the worker that answered {@code /ping}. */
    String pingPid() {
      Matcher m = Pattern.compile("(?im)^x-pid: (\\d+)\r?$").matcher(head);
      return m.find() ? m.group(1) : "";
    }
  }

  @BeforeEach
  void layout() throws IOException {
    Files.createDirectories(dir.resolve("classes"));
    Files.writeString(dir.resolve("classes/App.class"), "v0");
    port = Net.freePort();
  }

  private RunnerProcess twoWorkers() throws IOException {
    return runner(2);
  }

  private RunnerProcess runner(int workers) throws IOException {
    List<String> args = new ArrayList<>(List.of("-w", "classes", "--port", Integer.toString(port), "--workers",
        Integer.toString(workers), "--"));
    args.addAll(RunnerProcess.fixture("FileServer", "classes/App.class"));
    return RunnerProcess.start(dir, Map.of(), args);
  }

  @Test
  void aGetInFlightWhenItsWorkerIsKilledIsAnsweredByTheOtherWorker() throws Exception {
    try (RunnerProcess r = twoWorkers()) {
      Map<Integer, Long> workers = awaitReadyWorkers(r);
      CompletableFuture<Answer> answer = stalling("GET", null);
      long stalled = Long.parseLong(r.await("stalling GET in pid (\\d+)", LONG));
      RunnerProcess.signal("KILL", stalled);
      Answer a = answer.get(LONG.toSeconds(), TimeUnit.SECONDS);
      assertEquals(200, a.status(), a + "; runner said:\n" + r.output());
      long other = workers.values().stream().filter(p -> p != stalled).findFirst().orElseThrow();
      assertEquals(Long.toString(other), a.body(), "answered by the other worker");
    }
  }

  @Test
  void aGetInFlightOnTheOnlyWorkerWhenItIsKilledIsHeldAndAnsweredByItsReplacement() throws Exception {
    try (RunnerProcess r = runner(1)) {
      Poll.until(LONG, () -> Net.get(port, "/pid").isPresent(), () -> "the worker up; runner said:\n" + r.output());
      CompletableFuture<Answer> answer = stalling("GET", null);
      long stalled = Long.parseLong(r.await("stalling GET in pid (\\d+)", LONG));
      RunnerProcess.signal("KILL", stalled);
      Answer a = answer.get(LONG.toSeconds(), TimeUnit.SECONDS);
      assertEquals(200, a.status(), a + "; runner said:\n" + r.output());
      assertNotEquals(Long.toString(stalled), a.body());
      assertTrue(r.output().contains("started pid " + a.body() + " in place of " + stalled), r.output());
    }
  }

  @Test
  void aPostInFlightWhenItsWorkerIsKilledIsNotSentAgain() throws Exception {
    try (RunnerProcess r = twoWorkers()) {
      awaitReadyWorkers(r);
      CompletableFuture<Answer> answer = stalling("POST", "order=1");
      long stalled = Long.parseLong(r.await("stalling POST in pid (\\d+)", LONG));
      RunnerProcess.signal("KILL", stalled);
      Answer a = answer.get(LONG.toSeconds(), TimeUnit.SECONDS);
      // the other worker would have answered 200 at once: an error means it was not sent there
      assertEquals(503, a.status(), a + "; runner said:\n" + r.output());
    }
  }

  /**
   * The limit: once the worker's status line and headers have reached the proxy, Undertow's
   * ProxyHandler has begun the client's answer and a failure after that cannot be retried, even
   * though the client has not received a byte yet. The client's connection is closed.
   */
  @Test
  void aWorkerThatDiesAfterItsAnswerBeganIsNotRetried_theClientConnectionIsClosed() throws Exception {
    try (RunnerProcess r = twoWorkers()) {
      awaitReadyWorkers(r);
      CompletableFuture<Answer> answer = stalling("GET", null, "&mid=1");
      long stalled = Long.parseLong(r.await("stalling GET mid-answer in pid (\\d+)", LONG));
      RunnerProcess.signal("KILL", stalled);
      Answer a = answer.get(LONG.toSeconds(), TimeUnit.SECONDS);
      assertEquals(-1, a.status(), a + "; runner said:\n" + r.output());
    }
  }

  /**
   * Kills at random moments, as a soak would. {@code /ping} answers in one write, so a kill never
   * lands inside an answer (see the test above for what happens when it does).
   */
  @Test
  void aClientSendingGetsWhileWorkersAreKilledSeesNoFailure() throws Exception {
    try (RunnerProcess r = twoWorkers()) {
      awaitReadyWorkers(r);
      List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
      AtomicBoolean polling = new AtomicBoolean(true);
      List<Thread> clients = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Thread client = new Thread(() -> {
          while (polling.get()) {
            answers.add(call("GET", "/ping", null));
          }
        }, "polling-client-" + i);
        client.start();
        clients.add(client);
      }
      List<Long> killed = new ArrayList<>();
      try {
        for (int round = 0; round < KILLS; round++) {
          int slot = round % 2;
          Map<Integer, Long> before = awaitReadyWorkers(r);
          long victim = before.get(slot);
          int seen = answers.size();
          Poll.until(LONG, () -> answers.size() > seen + 20, () -> "the client polling; runner said:\n" + r.output());
          RunnerProcess.signal("KILL", victim);
          killed.add(victim);
          Poll.until(LONG, () -> readyWorkers().map(w -> w.size() == 2 && w.get(slot) != victim).orElse(false),
              () -> "worker " + slot + " (pid " + victim + ") replaced; runner said:\n" + r.output());
          int after = answers.size();
          Poll.until(LONG, () -> answers.size() > after + 20, () -> "the client polling after the replacement");
        }
      } finally {
        polling.set(false);
        for (Thread client : clients) {
          client.join();
        }
      }
      List<Answer> bad;
      synchronized (answers) {
        bad = answers.stream().filter(a -> a.status() != 200).toList();
      }
      assertTrue(bad.isEmpty(), bad.size() + " failed of " + answers.size() + ": " + bad.stream().limit(5).toList()
          + "; runner said:\n" + r.output());
      for (long pid : killed) {
        assertTrue(answers.stream().anyMatch(a -> a.pingPid().equals(Long.toString(pid))), "pid " + pid + " had served");
      }
      System.out.println("GETs while " + KILLS + " workers were SIGKILLed: " + answers.size() + " requests, 0 errors");
    }
  }

  /** Sends a request that the first worker to get it holds (see the fixture's {@code /stall}). */
  private CompletableFuture<Answer> stalling(String method, String body) throws IOException {
    return stalling(method, body, "");
  }

  private CompletableFuture<Answer> stalling(String method, String body, String options) throws IOException {
    Files.writeString(dir.resolve("stall.token"), "");
    return CompletableFuture.supplyAsync(() -> call(method, "/stall?token=stall.token" + options, body));
  }

  /** Waits until both workers are ready; returns worker index to pid. */
  private Map<Integer, Long> awaitReadyWorkers(RunnerProcess r) {
    Poll.until(LONG, () -> readyWorkers().map(w -> w.size() == 2).orElse(false),
        () -> "2 ready workers in /_runner/status; runner said:\n" + r.output());
    return readyWorkers().orElseThrow();
  }

  private Optional<Map<Integer, Long>> readyWorkers() {
    return Net.get(port, "/_runner/status.txt").map(text -> {
      Map<Integer, Long> ready = new TreeMap<>();
      Matcher m = READY_WORKER.matcher(text);
      while (m.find()) {
        ready.put(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)));
      }
      return ready;
    });
  }

  private Answer call(String method, String path, String body) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
      s.setSoTimeout((int) LONG.toMillis());
      byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
          + (body == null ? "" : "Content-Type: text/plain\r\nContent-Length: " + content.length + "\r\n") + "\r\n";
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(content);
      out.flush();
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Matcher status = Pattern.compile("^HTTP/1\\.1 (\\d{3})").matcher(all);
      if (!status.find()) {
        return new Answer(-1, "", "no status line: '" + all + "'");
      }
      int split = all.indexOf("\r\n\r\n");
      return split < 0 ? new Answer(Integer.parseInt(status.group(1)), all, "")
          : new Answer(Integer.parseInt(status.group(1)), all.substring(0, split), all.substring(split + 4));
    } catch (IOException e) {
      return new Answer(-1, "", e.toString());
    }
  }
}
