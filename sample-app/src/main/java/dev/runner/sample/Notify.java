package dev.runner.sample;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Tells the runner how this server is doing, so the runner knows when it is ready and whether it
 * is still alive instead of guessing from ports and timeouts (the idea of systemd's sd_notify).
 *
 * <p>Protocol: the runner passes a Unix-domain stream socket path in {@code RUNNER_NOTIFY_SOCKET}.
 * The app connects and writes UTF-8 lines {@code KEY=VALUE\n}; the runner never answers.
 * {@code READY=1} once the server is listening; {@code STATUS=<text>} for humans;
 * {@code WATCHDOG=1} heartbeats (see {@link Heartbeat}) when {@code RUNNER_WATCHDOG_USEC} is set;
 * {@code STOPPING=1} when shutting down. One connection is kept open for all of them and
 * reopened once if the runner closed it. Lines over 4 KiB, or more than 1000 lines/s, get the
 * connection closed by the runner.
 *
 * <p>Without {@code RUNNER_NOTIFY_SOCKET} everything here does nothing. Notifying can never break
 * the app: a failure is one line on stderr (once, until sending works again), and the app goes on.
 */
final class Notify implements AutoCloseable {
    static final String ENV_SOCKET = "RUNNER_NOTIFY_SOCKET";

    private final Path socket;
    private SocketChannel channel;
    private boolean failing;

    private Notify(Path socket) {
        this.socket = socket;
    }

    static Notify fromEnvironment(Map<String, String> env) {
        String path = env.get(ENV_SOCKET);
        return new Notify(path == null || path.isBlank() ? null : Path.of(path));
    }

    boolean enabled() {
        return socket != null;
    }

    /** Sends the lines (each {@code KEY=VALUE}) in one write; never throws. */
    synchronized void send(String... lines) {
        if (socket == null) {
            return;
        }
        byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        boolean reused = channel != null;
        try {
            write(bytes);
        } catch (IOException | RuntimeException first) {
            disconnect();
            if (!reused) {
                fail(first);
                return;
            }
            try { // the runner may have closed an idle or misbehaving connection: reconnect once
                write(bytes);
            } catch (IOException | RuntimeException second) {
                disconnect();
                fail(second);
                return;
            }
        }
        failing = false;
    }

    private void write(byte[] bytes) throws IOException {
        if (channel == null) {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private void fail(Exception e) {
        if (!failing) {
            failing = true;
            System.err.println("sample-app: cannot notify the runner at " + socket + ": " + e + " (carrying on)");
        }
    }

    private void disconnect() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closed either way.
            }
            channel = null;
        }
    }

    @Override
    public synchronized void close() {
        disconnect();
    }
}
