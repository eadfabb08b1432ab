package dev.runner.hotswap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.e2e.Poll;
import dev.runner.hotswap.HotswapClient.Failed;
import dev.runner.hotswap.HotswapClient.Redefined;
import dev.runner.hotswap.HotswapClient.Request;
import dev.runner.hotswap.SwapDecision.SwapClass;
import dev.runner.notify.NotifyServer;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's bookkeeping, with no agent: answers are offered by hand. */
class HotswapClientTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final List<SwapClass> ONE = List.of(new SwapClass("a.B", Path.of("/x/a/B.class"), new byte[] {1, 2}));

  @TempDir Path dir;
  private NotifyServer server;
  private HotswapClient client;
  private Path socket;
  private final Queue<String> heard = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void start() throws IOException {
    server = new NotifyServer(dir, new NotifyServer.Listener() {
      @Override
      public void message(String channelKey, String key, String value) {
        heard.add(key + "=" + value);
      }

      @Override
      public void warning(String channelKey, String text) {}
    });
    socket = server.open("child");
    client = new HotswapClient(server, dir.resolve("batches"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void withoutAnAgentTheRequestFails() throws InterruptedException {
    assertEquals(new Failed("no hotswap agent listens on child"), client.await(client.redefine("child", ONE), PATIENCE));
    assertEquals(new Failed("no hotswap agent listens on gone"), client.await(client.redefine("gone", ONE), PATIENCE));
  }

  @Test
  void answersAreMatchedByIdAndChannel() throws Exception {
    try (SocketChannel agent = silentAgent()) {
      answersAreMatched();
    }
  }

  private void answersAreMatched() throws Exception {
    Request a = client.redefine("child", ONE);
    Request b = client.redefine("child", ONE);
    Path listing = dir.resolve("batches/hotswap-" + a.id() + "/classes.txt");
    assertEquals(List.of("a.B\t0.class"), Files.readAllLines(listing));
    assertFalse(client.offer("other", "REDEFINED", a.id() + " ok 1"), "another child's answer");
    assertFalse(client.offer("child", "STATUS", a.id() + " ok 1"));
    assertFalse(client.offer("child", "REDEFINED", "not-a-number ok"));
    assertTrue(client.offer("child", "REDEFINED", b.id() + " failed VerifyError: bad"));
    assertTrue(client.offer("child", "REDEFINED", a.id() + " ok 2"));
    assertFalse(client.offer("child", "REDEFINED", a.id() + " ok 2"), "used up");
    assertEquals(new Redefined(2), a.outcome().join());
    assertEquals(new Failed("VerifyError: bad"), b.outcome().join());
    assertFalse(Files.exists(listing.getParent()), "the batch is deleted once answered");
  }

  @Test
  void anUnansweredRequestIsAbandonedAtItsDeadline() throws Exception {
    try (SocketChannel silent = silentAgent()) {
      Request r = client.redefine("child", ONE);
      assertEquals(new Failed("no answer from the hotswap agent in 300 ms"), client.await(r, Duration.ofMillis(300)));
      assertFalse(client.offer("child", "REDEFINED", r.id() + " ok 1"), "a late answer is nobody's");
    }
  }

  /** An agent that listens and never answers. */
  private SocketChannel silentAgent() throws IOException {
    SocketChannel agent = SocketChannel.open(UnixDomainSocketAddress.of(socket));
    agent.write(ByteBuffer.wrap("LISTEN=hotswap\n".getBytes(StandardCharsets.UTF_8)));
    Poll.until(PATIENCE, () -> heard.contains("LISTEN=hotswap"), () -> "LISTEN=hotswap among " + heard);
    return agent;
  }
}
