package dev.runner.control;

import dev.runner.json.Json;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every path under {@code /_runner/}, on the front proxy's port and on the runner's own control
 * port alike:
 * <ul>
 *   <li>{@code GET /_runner/status}: the status document as JSON ({@link ControlState#status}); a
 *       client that asks for {@code text/plain} over {@code application/json} gets the text of
 *       {@code /_runner/status.txt}, which is the one for people.
 *   <li>{@code GET /_runner/events}: server-sent events ({@link EventStream}).
 *   <li>{@code POST /_runner/restart}: restarts as {@code rs} does, given the token of the state
 *       file in {@code X-Runner-Token} (or {@code Authorization: Bearer}); 202 when accepted.
 *   <li>{@code GET /_runner/live-reload.js}: the script the proxy adds to HTML pages.
 * </ul>
 * Each request must pass the {@link Guard} first (loopback peer, loopback Host and Origin), else
 * 403. Answers are never cached and carry no CORS header, so another site's page cannot read them.
 */
public final class ControlHandler implements HttpHandler {
  public static final String PREFIX = "/_runner/";
  static final String TOKEN_HEADER = "X-Runner-Token";
  private static final String SCRIPT = load("live-reload.js");

  private final ControlState state;
  private final Supplier<String> text;
  private final byte[] token;
  private final Runnable restart;
  private final EventStream events;

  /**
   * @param text the status for people ({@code /_runner/status.txt})
   * @param token what {@code POST /_runner/restart} must present
   * @param restart asks the supervisor for a restart (posts an event; returns at once)
   */
  public ControlHandler(ControlState state, Supplier<String> text, String token, Runnable restart) {
    this.state = state;
    this.text = text;
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.restart = restart;
    this.events = new EventStream(state);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseHeaders().put(HttpString.tryFromString("X-Content-Type-Options"), "nosniff");
    InetSocketAddress peer = exchange.getSourceAddress();
    if (!Guard.allowed(peer == null ? null : peer.getAddress(), exchange.getRequestHeaders().getFirst(Headers.HOST),
        exchange.getRequestHeaders().getFirst(Headers.ORIGIN))) {
      answer(exchange, 403, "text/plain", "runner: " + PREFIX + " answers only clients on this machine that name"
          + " it as localhost, 127.0.0.1 or [::1] (Host and Origin headers)\n");
      return;
    }
    String path = exchange.getRequestPath();
    switch (path) {
      case PREFIX + "status" -> {
        if (readOnly(exchange)) {
          if (wantsText(exchange.getRequestHeaders().getFirst(Headers.ACCEPT))) {
            answer(exchange, 200, "text/plain", text.get());
          } else {
            answer(exchange, 200, "application/json", Json.write(state.status()) + "\n");
          }
        }
      }
      case PREFIX + "status.txt" -> {
        if (readOnly(exchange)) {
          answer(exchange, 200, "text/plain", text.get());
        }
      }
      case PREFIX + "events" -> {
        if (readOnly(exchange)) {
          events.handleRequest(exchange);
        }
      }
      case PREFIX + "restart" -> restart(exchange);
      case PREFIX + "live-reload.js" -> {
        if (readOnly(exchange)) {
          answer(exchange, 200, "text/javascript", SCRIPT);
        }
      }
      default -> answer(exchange, 404, "text/plain", "runner: no such endpoint: " + path + " (see /_runner/status)\n");
    }
  }

  private void restart(HttpServerExchange exchange) {
    if (!exchange.getRequestMethod().equals(Methods.POST)) {
      exchange.getResponseHeaders().put(Headers.ALLOW, "POST");
      answer(exchange, 405, "text/plain", "runner: restart takes POST\n");
      return;
    }
    if (!tokenMatches(exchange)) {
      answer(exchange, 403, "text/plain", "runner: restart needs the token from the runner's state file in the "
          + TOKEN_HEADER + " header (runner restart sends it)\n");
      return;
    }
    long generation = state.generation();
    restart.run();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("accepted", true);
    m.put("generation", generation);
    answer(exchange, 202, "application/json", Json.write(m) + "\n");
  }

  private boolean tokenMatches(HttpServerExchange exchange) {
    String given = exchange.getRequestHeaders().getFirst(TOKEN_HEADER);
    String auth = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    if (given == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      given = auth.substring(7).strip();
    }
    return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean readOnly(HttpServerExchange exchange) {
    if (exchange.getRequestMethod().equals(Methods.GET) || exchange.getRequestMethod().equals(Methods.HEAD)) {
      return true;
    }
    exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
    answer(exchange, 405, "text/plain", "runner: " + exchange.getRequestPath() + " takes GET\n");
    return false;
  }

  /**
   * Text only for a client that names {@code text/plain} with a higher quality than
   * {@code application/json}; wildcards do not count, so curl, scripts and browsers get JSON.
   */
  static boolean wantsText(String accept) {
    if (accept == null) {
      return false;
    }
    double text = -1;
    double json = -1;
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      String type = parts[0].strip().toLowerCase(Locale.ROOT);
      double q = 1;
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].strip();
        if (p.startsWith("q=")) {
          try {
            q = Double.parseDouble(p.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if (type.equals("text/plain")) {
        text = Math.max(text, q);
      } else if (type.equals("application/json")) {
        json = Math.max(json, q);
      }
    }
    return text > 0 && text > json;
  }

  private static void answer(HttpServerExchange exchange, int status, String type, String body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, type + "; charset=utf-8");
    exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
  }

  private static String load(String name) {
    try (InputStream in = ControlHandler.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource dev/runner/control/" + name + " (a broken build?)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
