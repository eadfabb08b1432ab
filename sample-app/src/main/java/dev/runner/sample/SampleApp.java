package dev.runner.sample;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A small HTTP server for the runner to supervise in tests and demos. Besides
 * serving {@link Greeting}, it owns worker processes and spawns short-lived
 * children, so that reloads have a real process tree to tear down; it speaks the
 * runner's notify protocol ({@link Notify}), and serves an event stream and a
 * WebSocket ({@link Streams}) for the front proxy.
 *
 * <p>Environment: {@code HOST}, {@code PORT}; {@code RUNNER_WORKER} (shown in the
 * "listening" line); {@code RUNNER_URL} (set by the runner's proxy: PORT is then internal); {@code RUNNER_NOTIFY_SOCKET}, {@code RUNNER_WATCHDOG_USEC}
 * (see {@link Notify}). Test-only hooks, off unless their variable is {@code 1}:
 * {@code SAMPLE_BURN} enables {@code GET /burn?seconds=N} (all cores busy for N s,
 * answered when done); {@code SAMPLE_HANG} enables {@code GET /hang-watchdog}
 * (deadlocks the heartbeat thread, answers with the deadlocked threads' names);
 * {@code SAMPLE_CHAOS} enables {@code GET /escape} (a pool worker double-forks a
 * {@code sleep} into a session of its own, the hardest orphan for a runner;
 * answers with its pid).
 */
public final class SampleApp {

    /** Kept here because java.util.logging holds its loggers only weakly. */
    private static final Logger[] QUIET_LOGGERS = {
        Logger.getLogger("io.undertow"), Logger.getLogger("org.xnio"), Logger.getLogger("org.jboss"),
    };

    private static final int POOL_SIZE = 2;
    private static final String ENV_HANG = "SAMPLE_HANG";
    private static final String ENV_CHAOS = "SAMPLE_CHAOS";

    private SampleApp() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("org.jboss.logging.provider", "jdk");
        for (Logger logger : QUIET_LOGGERS) {
            logger.setLevel(Level.WARNING);
        }

        String host = System.getenv().getOrDefault("HOST", "127.0.0.1");
        int port = parsePort(System.getenv().getOrDefault("PORT", "8080"));

        Map<String, String> env = System.getenv();
        Notify notify = Notify.fromEnvironment(env);
        Hooks hooks = new Hooks("1".equals(env.get(Burn.ENV)), "1".equals(env.get(ENV_HANG)),
                "1".equals(env.get(ENV_CHAOS)));
        ProcessPool pool = ProcessPool.start(POOL_SIZE);
        Undertow server = Undertow.builder()
                .setIoThreads(1)
                .setWorkerThreads(4)
                .addHttpListener(port, host)
                .setHandler(new Routes(pool, hooks))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            notify.send("STOPPING=1");
            server.stop();
            pool.close();
            // Everything is shut down: the runner may end this JVM now rather than wait out
            // HotSpot's exit (up to ~300 ms while threads sit in native code).
            notify.send("EXITING=1");
            notify.close();
        }, "sample-app-shutdown"));

        try {
            server.start();
        } catch (RuntimeException e) {
            System.err.println("sample-app: cannot listen on " + host + ":" + port + ": " + e.getMessage());
            System.exit(1);
        }
        int boundPort = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        String worker = env.get("RUNNER_WORKER");
        boolean behindRunner = env.get("RUNNER_URL") != null; // the runner's proxy, see its --help
        // Behind the runner's proxy this port is the worker's own: the address to open is the
        // runner's, which it prints once; this one is named internal and not as a URL.
        System.out.println(behindRunner
                ? "sample-app listening on internal port " + boundPort + " (pid " + ProcessHandle.current().pid()
                        + (worker == null ? "" : ", worker " + worker.trim()) + ")"
                : "sample-app listening on http://" + host + ":" + boundPort + " (pid "
                        + ProcessHandle.current().pid() + ")");
        System.out.flush();
        notify.send("READY=1", "STATUS=serving on " + (behindRunner ? "internal port " : "port ") + boundPort);
        hooks.heartbeat = Heartbeat.start(notify, env);
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

    /** Which test hooks are on, and the heartbeat that {@code /hang-watchdog} stops. */
    private static final class Hooks {
        final boolean burn;
        final boolean hang;
        final boolean chaos;
        volatile Optional<Heartbeat> heartbeat = Optional.empty();

        Hooks(boolean burn, boolean hang, boolean chaos) {
            this.burn = burn;
            this.hang = hang;
            this.chaos = chaos;
        }
    }

    /** Maps each request to its handler; anything unknown (or a hook that is off) is a 404. */
    private static final class Routes implements HttpHandler {
        private final ProcessPool pool;
        private final Hooks hooks;
        private final HttpHandler websocket = Streams.echo();

        Routes(ProcessPool pool, Hooks hooks) {
            this.pool = pool;
            this.hooks = hooks;
        }

        @Override
        public void handleRequest(HttpServerExchange exchange) throws Exception {
            String route = exchange.getRequestMethod() + " " + exchange.getRequestPath();
            switch (route) {
                case "GET /" -> home(exchange);
                case "GET /health" -> send(exchange, StatusCodes.OK, "ok\n");
                case "GET /page" -> sendHtml(exchange, "<!doctype html>\n<html><head><title>sample-app</title></head>"
                        + "<body><h1 id=\"greeting\">" + Greeting.text() + "</h1></body></html>\n");
                case "GET /pool" -> onWorkerThread(exchange, this::runPoolJob);
                case "POST /run" -> onWorkerThread(exchange, this::runChild);
                case "GET /sse" -> onWorkerThread(exchange, Streams::ticks);
                case "GET /ws" -> websocket.handleRequest(exchange);
                case "GET /burn" -> {
                    if (hooks.burn) {
                        onWorkerThread(exchange, this::burn);
                    } else {
                        send(exchange, StatusCodes.NOT_FOUND, "not found (set " + Burn.ENV + "=1)\n");
                    }
                }
                case "GET /hang-watchdog" -> {
                    if (hooks.hang) {
                        onWorkerThread(exchange, this::hangWatchdog);
                    } else {
                        send(exchange, StatusCodes.NOT_FOUND, "not found (set " + ENV_HANG + "=1)\n");
                    }
                }
                case "GET /escape" -> {
                    if (hooks.chaos) {
                        onWorkerThread(exchange, this::escape);
                    } else {
                        send(exchange, StatusCodes.NOT_FOUND, "not found (set " + ENV_CHAOS + "=1)\n");
                    }
                }
                default -> send(exchange, StatusCodes.NOT_FOUND, "not found\n");
            }
        }

        private void burn(HttpServerExchange exchange) throws InterruptedException {
            Deque<String> values = exchange.getQueryParameters().get("seconds");
            int seconds;
            try {
                seconds = Integer.parseInt(values == null ? "" : values.getFirst());
            } catch (NumberFormatException e) {
                seconds = -1;
            }
            if (seconds < 1 || seconds > Burn.MAX_SECONDS) {
                send(exchange, StatusCodes.BAD_REQUEST, "seconds must be 1 to " + Burn.MAX_SECONDS + "\n");
                return;
            }
            send(exchange, StatusCodes.OK, Burn.run(seconds));
        }

        private void hangWatchdog(HttpServerExchange exchange) {
            Optional<Heartbeat> heartbeat = hooks.heartbeat;
            if (heartbeat.isEmpty()) {
                send(exchange, StatusCodes.CONFLICT, "no heartbeat thread (RUNNER_WATCHDOG_USEC not set)\n");
                return;
            }
            String[] threads = heartbeat.get().deadlock();
            if (threads.length == 0) {
                send(exchange, StatusCodes.INTERNAL_SERVER_ERROR, "no deadlock seen within 10 s\n");
            } else {
                send(exchange, StatusCodes.OK, "deadlocked: " + String.join(", ", threads) + "\n");
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

        private void escape(HttpServerExchange exchange) {
            try {
                send(exchange, StatusCodes.OK, pool.escape() + "\n");
            } catch (IOException e) {
                send(exchange, StatusCodes.INTERNAL_SERVER_ERROR, "escape failed: " + e.getMessage() + "\n");
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

        /**
         * The greeting: as plain text for curl, scripts and tests, and for a browser as a page that
         * links the live-reload page, so a newcomer finds it from the first page. A browser is told
         * apart by what only a browser's page load sends (an {@code Accept} naming XHTML, or
         * {@code Sec-Fetch-Dest: document}); "text/html" alone is not enough, since Java's
         * HttpURLConnection asks for it by default.
         */
        private static void home(HttpServerExchange exchange) {
            String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
            boolean browser = accept != null && accept.contains("application/xhtml+xml")
                    || "document".equals(exchange.getRequestHeaders().getFirst("Sec-Fetch-Dest"));
            if (!browser) {
                send(exchange, StatusCodes.OK, Greeting.text() + "\n");
                return;
            }
            sendHtml(exchange, "<!doctype html>\n<html><head><title>sample-app</title></head><body>"
                    + "<p>" + Greeting.text() + "</p>\n"
                    + "<p><a href=\"/page\">/page</a>: the same greeting on a page that reloads by itself"
                    + " after every reload (run with <code>./runner --live-reload</code>)</p></body></html>\n");
        }

        private static void send(HttpServerExchange exchange, int status, String body) {
            exchange.setStatusCode(status);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
            exchange.getResponseSender().send(body);
        }

        private static void sendHtml(HttpServerExchange exchange, String body) {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
            exchange.getResponseSender().send(body);
        }

        private static void sendJson(HttpServerExchange exchange, String body) {
            exchange.setStatusCode(StatusCodes.OK);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getResponseSender().send(body);
        }
    }
}
