package dev.runner.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test hook behind {@code SAMPLE_BURN=1}: keeps every core busy for a while, to show that the
 * runner judges liveness by heartbeats in time and not by how much the app gets done; the
 * heartbeat thread keeps beating at normal priority meanwhile.
 */
final class Burn {
    static final String ENV = "SAMPLE_BURN";
    static final int MAX_SECONDS = 300;

    private Burn() {
    }

    /** Burns {@code seconds} on all cores and returns a line saying so. */
    static String run(int seconds) throws InterruptedException {
        int cores = Runtime.getRuntime().availableProcessors();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> burners = new ArrayList<>();
        long[] sink = new long[cores];
        for (int i = 0; i < cores; i++) {
            int index = i;
            Thread burner = new Thread(() -> sink[index] = spin(end), "burn-" + (i + 1));
            burner.setDaemon(true);
            burner.start();
            burners.add(burner);
        }
        for (Thread burner : burners) {
            burner.join();
        }
        return "burned " + cores + " cores for " + seconds + " s\n";
    }

    private static long spin(long end) {
        long x = 1;
        while (System.nanoTime() - end < 0) {
            for (int i = 0; i < 10_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        return x;
    }
}
