/**
 * The child → runner channel, in the spirit of systemd's {@code sd_notify}: how a child says
 * "ready", "still alive", "what I am doing" and "stopping" without the runner having to guess
 * from ports and timeouts.
 *
 * <h2>Protocol</h2>
 * The runner gives each child the path of a Unix-domain stream socket in the environment variable
 * {@code RUNNER_NOTIFY_SOCKET} ({@link dev.runner.notify.NotifyServer#ENV_SOCKET}). The child
 * connects and writes UTF-8 lines {@code KEY=VALUE\n}; it may send several lines per connection,
 * open many connections, close after each message or keep one open. Keys are ASCII letters,
 * digits and '_'. Known keys: {@code READY=1}, {@code WATCHDOG=1}, {@code STATUS=<text>},
 * {@code STOPPING=1}, {@code MAINPID=<pid>}; every other well-formed key is passed on too and
 * left to the consumer to ignore, so a newer child does not produce warnings in an older runner.
 * With {@code RUNNER_WATCHDOG_USEC} set ({@link dev.runner.notify.Watchdog#ENV_USEC}) the child
 * sends {@code WATCHDOG=1} at least that often (microseconds; it is half the runner's timeout).
 *
 * <h2>Lines back to the child</h2>
 * The runner writes nothing unless asked: a connection that sends {@code LISTEN=<topic>} (topic of
 * ASCII letters, digits, '_', '.', '-', at most 64) receives the runner's lines for that topic,
 * in the same {@code KEY=VALUE
} format, on that same connection
 * ({@link dev.runner.notify.NotifyServer#send}); with several listeners of one topic on a socket
 * the one that said {@code LISTEN} last gets them. The {@code LISTEN} line is passed on like any
 * other. Topics in use: {@code hotswap} (the runner's agent, see {@code dev.runner.hotswap}):
 * runner → child {@code REDEFINE=<id> <listing file>}, child → runner
 * {@code REDEFINED=<id> ok <n>} or {@code REDEFINED=<id> failed <reason>}. A listener that
 * leaves more than 64 KiB of the runner's lines unread is closed.
 *
 * <h2>Limits (the child may be buggy or hostile)</h2>
 * A line over 4096 bytes is skipped up to its newline; a line that is not UTF-8 or not
 * {@code KEY=VALUE} is dropped; control characters in values become '?'. A connection that sends
 * more than 1000 lines/s or 64 KiB/s, or a socket that gets more than 2000 lines/s in all, has
 * the offending connection closed; more than 64 connections at once on one socket are closed as
 * they come. Each rule warns once per connection (or per episode) and all warnings together pass
 * a rate limit. A trailing CR is dropped, empty lines are ignored, and a last line without a
 * newline still counts when the client closes or shuts down its output.
 *
 * <h2>Pieces</h2>
 * {@link dev.runner.notify.NotifyServer} (sockets in a private 0700 directory, one daemon thread
 * with a non-blocking selector) delivers lines to a listener, which only posts events to the
 * supervisor. {@link dev.runner.notify.Watchdog} is the pure deadline logic for heartbeats, on
 * an injected monotonic clock.
 */
package dev.runner.notify;
