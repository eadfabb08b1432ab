package dev.runner.control;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;

/**
 * The runner's own loopback port for {@code /_runner/}, for when the front proxy cannot carry it:
 * there is no proxy ({@code --no-proxy}, or no {@code --port}), or the proxy listens on an
 * address that is not loopback. Bound to 127.0.0.1 on a port the kernel picks; the state file
 * says which.
 */
public final class ControlServer implements AutoCloseable {
  private final Undertow server;
  private final int port;

  private ControlServer(Undertow server) {
    this.server = server;
    this.port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  public static ControlServer start(HttpHandler control) {
    HttpHandler root = exchange -> {
      if (exchange.getRequestPath().startsWith(ControlHandler.PREFIX)) {
        control.handleRequest(exchange);
      } else {
        exchange.setStatusCode(404);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send("runner control port: only " + ControlHandler.PREFIX + " lives here\n");
      }
    };
    Undertow server = Undertow.builder()
        .addHttpListener(0, "127.0.0.1")
        .setIoThreads(1)
        .setWorkerThreads(1)
        .setServerOption(UndertowOptions.ENABLE_HTTP2, false)
        .setHandler(root)
        .build();
    server.start();
    return new ControlServer(server);
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    server.stop();
  }
}
