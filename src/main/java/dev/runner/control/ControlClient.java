package dev.runner.control;

import dev.runner.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * The other end of the control surface, for {@code runner status} and {@code runner restart}:
 * talks to the runner a {@link StateFile.Entry} names, on 127.0.0.1 only.
 */
public final class ControlClient {
  /** States in which nothing more happens until a file changes (or someone restarts by hand). */
  public static final Set<String> SETTLED = Set.of("ready", "failed", "crashed");
  private static final Duration POLL = Duration.ofMillis(50);

  private final StateFile.Entry runner;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public ControlClient(StateFile.Entry runner) {
    this.runner = runner;
  }

  /** The status document. */
  public Map<String, Object> status() throws IOException, InterruptedException {
    return json(send(HttpRequest.newBuilder(uri("status")).header("Accept", "application/json").GET()), 200);
  }

  /** Asks for a restart; the answer names the generation that was running when it was accepted. */
  public Map<String, Object> restart() throws IOException, InterruptedException {
    return json(send(HttpRequest.newBuilder(uri("restart")).header(ControlHandler.TOKEN_HEADER, runner.token())
        .POST(HttpRequest.BodyPublishers.noBody())), 202);
  }

  /**
   * Polls until the runner has settled ({@link #SETTLED}, and no change waiting out the debounce)
   * on a generation later than {@code after}; returns that status, or the last one seen when
   * {@code timeout} passes first (its state then is not settled, or its generation not new).
   */
  public Map<String, Object> awaitSettled(long after, Duration timeout) throws IOException, InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      Map<String, Object> s = status();
      if (settled(s, after) || System.nanoTime() - end > 0) {
        return s;
      }
      LockSupport.parkNanos(POLL.toNanos());
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
  }

  public static boolean settled(Map<String, Object> status, long after) {
    return SETTLED.contains(status.get("state")) && !Boolean.TRUE.equals(status.get("changesPending"))
        && status.get("generation") instanceof Long g && g > after;
  }

  private URI uri(String endpoint) {
    return URI.create("http://127.0.0.1:" + runner.port() + ControlHandler.PREFIX + endpoint);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    try {
      return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IOException("the runner (pid " + runner.pid() + ") does not answer on 127.0.0.1:" + runner.port()
          + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> json(HttpResponse<String> r, int expected) throws IOException {
    if (r.statusCode() != expected) {
      throw new IOException("the runner (pid " + runner.pid() + ") answered " + r.statusCode() + " to "
          + r.request().method() + " " + r.uri().getPath() + ": " + r.body().strip());
    }
    try {
      return (Map<String, Object>) Json.parse(r.body());
    } catch (IllegalArgumentException | ClassCastException e) {
      throw new IOException("the runner (pid " + runner.pid() + ") answered something that is not its status: "
          + e.getMessage());
    }
  }
}
