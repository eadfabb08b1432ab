package dev.runner.sample;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A small HTTP server for the runner to supervise in tests and demos. Besides
 * serving {@link Greeting}, it owns worker processes and spawns short-lived
 * children, so that reloads have a real process tree to tear down.
 */
public final class SampleApp {

    /** Kept here because java.util.logging holds its loggers only weakly. */
    private static final Logger[] QUIET_LOGGERS = {
        Logger.getLogger("io.undertow"), Logger.getLogger("org.xnio"), Logger.getLogger("org.jboss"),
    };

    private static final int POOL_SIZE = 2;

    private SampleApp() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("org.jboss.logging.provider", "jdk");
        for (Logger logger : QUIET_LOGGERS) {
            logger.setLevel(Level.WARNING);
        }

        String host = System.getenv().getOrDefault("HOST", "127.0.0.1");
        int port = parsePort(System.getenv().getOrDefault("PORT", "8080"));

        ProcessPool pool = ProcessPool.start(POOL_SIZE);
        Undertow server = Undertow.builder()
                .setIoThreads(1)
                .setWorkerThreads(4)
                .addHttpListener(port, host)
                .setHandler(new Routes(pool))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            pool.close();
        }, "sample-app-shutdown"));

        try {
            server.start();
        } catch (RuntimeException e) {
            System.err.println("sample-app: cannot listen on " + host + ":" + port + ": " + e.getMessage());
            System.exit(1);
        }
        int boundPort = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        System.out.println("sample-app listening on http://" + host + ":" + boundPort
                + " (pid " + ProcessHandle.current().pid() + ")");
        System.out.flush();
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // Reported below.
        }
        System.err.println("sample-app: PORT must be an integer from 0 to 65535, got '" + text + "'");
        System.exit(2);
        return -1;
    }

    /** Maps each request to its handler; anything unknown is a 404. */
    private static final class Routes implements HttpHandler {
        private final ProcessPool pool;

        Routes(ProcessPool pool) {
            this.pool = pool;
        }

        @Override
        public void handleRequest(HttpServerExchange exchange) throws Exception {
            String route = exchange.getRequestMethod() + " " + exchange.getRequestPath();
            switch (route) {
                case "GET /" -> send(exchange, StatusCodes.OK, Greeting.text() + "\n");
                case "GET /health" -> send(exchange, StatusCodes.OK, "ok\n");
                case "GET /pool" -> onWorkerThread(exchange, this::runPoolJob);
                case "POST /run" -> onWorkerThread(exchange, this::runChild);
                default -> send(exchange, StatusCodes.NOT_FOUND, "not found\n");
            }
        }

        private void runPoolJob(HttpServerExchange exchange) {
            try {
                ProcessPool.Result result = pool.square(7);
                sendJson(exchange, "{\"result\":" + result.value() + ",\"workerPid\":" + result.workerPid() + "}");
            } catch (IOException e) {
                send(exchange, StatusCodes.INTERNAL_SERVER_ERROR, "pool job failed: " + e.getMessage() + "\n");
            }
        }

        private void runChild(HttpServerExchange exchange) throws InterruptedException {
            try {
                Process child = new ProcessBuilder("sh", "-c", "exit 3")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
                sendJson(exchange, "{\"exitCode\":" + child.waitFor() + "}");
            } catch (IOException e) {
                send(exchange, StatusCodes.INTERNAL_SERVER_ERROR, "cannot run child: " + e.getMessage() + "\n");
            }
        }

        /** Blocking work must leave the IO thread, so it is re-dispatched to a worker thread. */
        private static void onWorkerThread(HttpServerExchange exchange, HttpHandler handler) throws Exception {
            if (exchange.isInIoThread()) {
                exchange.dispatch(handler);
            } else {
                handler.handleRequest(exchange);
            }
        }

        private static void send(HttpServerExchange exchange, int status, String body) {
            exchange.setStatusCode(status);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
            exchange.getResponseSender().send(body);
        }

        private static void sendJson(HttpServerExchange exchange, String body) {
            exchange.setStatusCode(StatusCodes.OK);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getResponseSender().send(body);
        }
    }
}
