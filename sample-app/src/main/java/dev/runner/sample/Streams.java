package dev.runner.sample;

import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Long-lived responses for the runner's front-proxy tests: a server-sent event stream that
 * flushes each event on its own, and a WebSocket echo. A proxy that buffers, or does not pass on
 * the upgrade, fails them.
 */
final class Streams {
    private Streams() {
    }

    /**
     * {@code GET /sse}: three events {@code data: tick N}, about 100 ms apart, then the end. Written
     * by hand (chunked, flushed per event) so the bytes on the wire are exactly these. Blocks, so
     * it must run on a worker thread.
     */
    static void ticks(HttpServerExchange exchange) throws IOException, InterruptedException {
        exchange.startBlocking();
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        OutputStream out = exchange.getOutputStream();
        for (int n = 1; n <= 3; n++) {
            if (n > 1) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
            out.write(("data: tick " + n + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        exchange.endExchange();
    }

    /** {@code GET /ws}: a WebSocket that sends every text message straight back. */
    static HttpHandler echo() {
        return Handlers.websocket((exchange, channel) -> {
            channel.getReceiveSetter().set(new AbstractReceiveListener() {
                @Override
                protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
                    WebSockets.sendText(message.getData(), ch, null);
                }
            });
            channel.resumeReceives();
        });
    }
}
