package dev.runner.control;

import dev.runner.json.Json;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import io.undertow.server.handlers.sse.ServerSentEventHandler;
import io.undertow.util.Headers;

/**
 * {@code GET /_runner/events}: one server-sent event per report of {@link ControlState}, its name
 * the SSE event name, its data one line of JSON, its id counting up. A client that connects gets
 * a {@code state} event first, with the whole status document, so it never has to ask separately
 * and never misses a step between asking and listening. A comment line every
 * {@value #KEEP_ALIVE_MS} ms finds clients that went away.
 */
final class EventStream implements HttpHandler {
  static final long KEEP_ALIVE_MS = 15_000;

  private final ServerSentEventHandler sse;

  EventStream(ControlState state) {
    this.sse = new ServerSentEventHandler((connection, lastEventId) -> {
      connection.setKeepAliveTime(KEEP_ALIVE_MS);
      Runnable unsubscribe = state.subscribe(e -> send(connection, e));
      connection.addCloseTask(c -> unsubscribe.run());
    });
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    sse.handleRequest(exchange);
  }

  private static void send(ServerSentEventConnection connection, ControlEvent e) {
    try {
      connection.send(Json.write(e.data()), e.name(), Long.toString(e.id()), null);
    } catch (RuntimeException gone) {
      // a connection closing right now: its close task unsubscribes it
    }
  }
}
