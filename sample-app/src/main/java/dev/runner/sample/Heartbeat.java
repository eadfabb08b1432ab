package dev.runner.sample;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends {@code WATCHDOG=1} from a daemon thread of its own, every half of
 * {@code RUNNER_WATCHDOG_USEC}, so the runner can tell a busy app (its heartbeat thread still
 * runs) from a stuck one. Each beat takes two locks, which is what {@link #deadlock()} uses for
 * the {@code /hang-watchdog} test hook: it stops the heartbeat with a real Java-level deadlock
 * while the rest of the app keeps serving, so a thread dump shows it.
 */
final class Heartbeat {
    static final String ENV_USEC = "RUNNER_WATCHDOG_USEC";

    private final Notify notify;
    private final long intervalNanos;
    private final Thread thread;
    private final Object outer = new Object();
    private final Object inner = new Object();
    private final CountDownLatch outerHeld = new CountDownLatch(1);
    private final CountDownLatch innerHeld = new CountDownLatch(1);
    private volatile boolean hang;

    private Heartbeat(Notify notify, long intervalNanos) {
        this.notify = notify;
        this.intervalNanos = intervalNanos;
        this.thread = new Thread(this::run, "notify-watchdog");
        thread.setDaemon(true);
    }

    /** Starts beating if the runner asked for it; a bad value is reported and ignored. */
    static Optional<Heartbeat> start(Notify notify, Map<String, String> env) {
        String usec = env.get(ENV_USEC);
        if (!notify.enabled() || usec == null || usec.isBlank()) {
            return Optional.empty();
        }
        long micros;
        try {
            micros = Long.parseLong(usec.trim());
        } catch (NumberFormatException e) {
            micros = -1;
        }
        if (micros <= 0) {
            System.err.println("sample-app: " + ENV_USEC + " must be a positive number of microseconds, got '"
                    + usec + "'; not sending heartbeats");
            return Optional.empty();
        }
        Heartbeat heartbeat = new Heartbeat(notify, Math.max(1, TimeUnit.MICROSECONDS.toNanos(micros) / 2));
        heartbeat.thread.start();
        return Optional.of(heartbeat);
    }

    private void run() {
        while (true) {
            beat();
            LockSupport.parkNanos(intervalNanos); // may wake early (deadlock()); one extra beat is harmless
        }
    }

    private void beat() {
        synchronized (outer) {
            if (hang) {
                outerHeld.countDown();
                awaitQuietly(innerHeld);
            }
            synchronized (inner) {
                notify.send("WATCHDOG=1");
            }
        }
    }

    /**
     * Deadlocks the heartbeat thread with a helper thread that takes the two locks in the opposite
     * order, and waits (bounded) until the JVM reports it; returns the names of the deadlocked
     * threads, empty if the JVM did not see it within 10 s.
     */
    String[] deadlock() {
        hang = true;
        Thread accomplice = new Thread(() -> {
            awaitQuietly(outerHeld); // the heartbeat holds `outer` and is about to want `inner`
            synchronized (inner) {
                innerHeld.countDown();
                synchronized (outer) {
                    throw new AssertionError("unreachable: the heartbeat thread holds this lock forever");
                }
            }
        }, "hang-watchdog");
        accomplice.setDaemon(true);
        accomplice.start();
        LockSupport.unpark(thread); // beat now rather than after the interval
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() - end < 0) {
            long[] ids = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
            if (ids != null) {
                return Arrays.stream(ManagementFactory.getThreadMXBean().getThreadInfo(ids))
                        .map(info -> info.getThreadName()).sorted().toArray(String[]::new);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return new String[0];
    }

    private static void awaitQuietly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
