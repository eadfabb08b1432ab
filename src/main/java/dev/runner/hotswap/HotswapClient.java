package dev.runner.hotswap;

import dev.runner.hotswap.SwapDecision.SwapClass;
import dev.runner.hotswap.agent.HotswapAgent;
import dev.runner.notify.NotifyServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runner's side of the {@code hotswap} topic: writes a batch (the new class files and a
 * listing of them) into a private directory, sends {@code REDEFINE=<id> <listing>} to the agent
 * that said {@code LISTEN=hotswap} on the child's notify channel, and completes the request when
 * that agent's {@code REDEFINED=<id> ...} comes back through {@link #offer}. It has no thread and
 * no timer: {@link #await} bounds a wait, and an asynchronous caller keeps its own deadline and
 * calls {@link #abandon}.
 */
public final class HotswapClient {
  /** How a request ended. */
  public sealed interface Outcome {}

  /** {@code classes} loaded classes were redefined (0: none of them was loaded yet). */
  public record Redefined(int classes) implements Outcome {}

  public record Failed(String reason) implements Outcome {}

  /** A request on its way: its id, for {@link #abandon}, and its outcome to come. */
  public record Request(long id, CompletableFuture<Outcome> outcome) {}

  private final NotifyServer server;
  private final Path batches;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

  private record Pending(String channelKey, Path dir, CompletableFuture<Outcome> outcome) {}

  /** {@code batches}: where request files go (the notify server's private directory fits: only the owner reads it). */
  public HotswapClient(NotifyServer server, Path batches) {
    this.server = server;
    this.batches = batches;
  }

  /** Sends {@code classes} to the agent on {@code channelKey}. */
  public Request redefine(String channelKey, List<SwapClass> classes) {
    long id = ids.incrementAndGet();
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    Path dir = batches.resolve("hotswap-" + id);
    try {
      Path listing = write(dir, classes);
      pending.put(id, new Pending(channelKey, dir, outcome));
      server.send(channelKey, HotswapAgent.TOPIC, HotswapAgent.REQUEST + "=" + id + " " + listing)
          .thenAccept(sent -> {
            if (!sent) {
              finish(id, new Failed("no hotswap agent listens on " + channelKey));
            }
          });
    } catch (IOException | RuntimeException e) {
      pending.remove(id);
      delete(dir);
      outcome.complete(new Failed("cannot write the request: " + e.getMessage()));
    }
    return new Request(id, outcome);
  }

  /**
   * For the notify listener: true when {@code key=value} from {@code channelKey} answered one of
   * this client's requests (and is used up), false when it is someone else's line.
   */
  public boolean offer(String channelKey, String key, String value) {
    if (!key.equals(HotswapAgent.REPLY)) {
      return false;
    }
    String[] parts = value.split(" ", 3);
    long id;
    try {
      id = Long.parseLong(parts[0]);
    } catch (NumberFormatException e) {
      return false;
    }
    Pending p = pending.get(id);
    if (p == null || !p.channelKey().equals(channelKey)) {
      return false;
    }
    finish(id, parts.length >= 2 && parts[1].equals("ok") ? redefined(parts) : new Failed(parts.length == 3
        ? parts[2] : "the agent gave no reason"));
    return true;
  }

  /** Gives up on request {@code id}; its outcome becomes {@link Failed} with {@code reason}. */
  public void abandon(long id, String reason) {
    finish(id, new Failed(reason));
  }

  /** Waits for {@code request} at most {@code timeout}, then abandons it. */
  public Outcome await(Request request, Duration timeout) throws InterruptedException {
    try {
      return request.outcome().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      abandon(request.id(), "no answer from the hotswap agent in " + timeout.toMillis() + " ms");
      return request.outcome().join();
    } catch (ExecutionException e) {
      return new Failed(String.valueOf(e.getCause()));
    }
  }

  private static Outcome redefined(String[] parts) {
    try {
      return new Redefined(parts.length == 3 ? Integer.parseInt(parts[2].trim()) : 0);
    } catch (NumberFormatException e) {
      return new Failed("unreadable answer: ok " + parts[2]);
    }
  }

  private void finish(long id, Outcome outcome) {
    Pending p = pending.remove(id);
    if (p != null) {
      delete(p.dir());
      p.outcome().complete(outcome);
    }
  }

  /** The listing names each file relative to itself, so no path needs quoting in the protocol. */
  private static Path write(Path dir, List<SwapClass> classes) throws IOException {
    Files.createDirectories(dir);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < classes.size(); i++) {
      SwapClass c = classes.get(i);
      if (c.name().indexOf('\t') >= 0 || c.name().indexOf('\n') >= 0) {
        throw new IOException("a class name the listing cannot hold: " + c.name());
      }
      Files.write(dir.resolve(i + ".class"), c.bytes());
      lines.add(c.name() + "\t" + i + ".class");
    }
    Path listing = dir.resolve("classes.txt");
    Files.write(listing, lines, StandardCharsets.UTF_8);
    if (listing.toString().indexOf('\n') >= 0 || listing.toString().indexOf('\r') >= 0) {
      throw new IOException("a directory the protocol cannot name: " + dir);
    }
    return listing;
  }

  private static void delete(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException ignored) {
      // A leftover in the notify directory goes when the server closes.
    }
  }
}
