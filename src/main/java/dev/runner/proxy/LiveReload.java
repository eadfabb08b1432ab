package dev.runner.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSinkConduit;

/**
 * Browser live reload ({@code --live-reload}): HTML answers passing through the proxy get one
 * script tag appended. The script ({@code dev.runner.control}, served under {@code /_runner/})
 * listens to {@code /_runner/events}: an open page reloads itself when a new generation is ready,
 * and shows the compiler's messages over itself when a build fails. Appending after the document is valid enough for every browser's parser and
 * needs no HTML parsing or buffering; the upstream is asked for an uncompressed answer so the
 * bytes can be appended at all.
 */
final class LiveReload {
  static final String SCRIPT = "/_runner/live-reload.js";
  private static final byte[] TAG =
      ("\n<script src=\"" + SCRIPT + "\"></script>\n").getBytes(StandardCharsets.UTF_8);

  /** Prepares a request on its way to a worker: HTML answers will carry the script. */
  void prepare(HttpServerExchange exchange) {
    exchange.getRequestHeaders().remove(Headers.ACCEPT_ENCODING);
    exchange.addResponseWrapper((factory, ex) -> {
      String type = ex.getResponseHeaders().getFirst(Headers.CONTENT_TYPE);
      String encoding = ex.getResponseHeaders().getFirst(Headers.CONTENT_ENCODING);
      if (type == null || !type.startsWith("text/html") || (encoding != null && !encoding.equals("identity"))) {
        return factory.create();
      }
      String length = ex.getResponseHeaders().getFirst(Headers.CONTENT_LENGTH);
      if (length != null) { // before the conduits below are made: they count to this length
        ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, Long.parseLong(length) + TAG.length);
      }
      return new Appending(factory.create());
    });
  }

  /** Passes the body through, then writes the script tag before ending it. */
  private static final class Appending extends AbstractStreamSinkConduit<StreamSinkConduit> {
    private final ByteBuffer tail = ByteBuffer.wrap(TAG);
    private boolean ending;
    private boolean ended;

    Appending(StreamSinkConduit next) {
      super(next);
    }

    @Override
    public int writeFinal(ByteBuffer src) throws IOException {
      return Conduits.writeFinalBasic(this, src);
    }

    @Override
    public long writeFinal(ByteBuffer[] srcs, int offs, int len) throws IOException {
      return Conduits.writeFinalBasic(this, srcs, offs, len);
    }

    @Override
    public void terminateWrites() throws IOException {
      ending = true;
      if (writeTail()) {
        end();
      }
    }

    @Override
    public boolean flush() throws IOException {
      if (ending && !ended) {
        if (!writeTail()) {
          return false;
        }
        end();
      }
      return next.flush();
    }

    private boolean writeTail() throws IOException {
      while (tail.hasRemaining()) {
        if (next.write(tail) == 0) {
          return false;
        }
      }
      return true;
    }

    private void end() throws IOException {
      if (!ended) {
        ended = true;
        next.terminateWrites();
      }
    }
  }
}
