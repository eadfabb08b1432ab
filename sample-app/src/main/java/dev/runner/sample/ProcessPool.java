package dev.runner.sample;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of long-lived worker JVMs that run jobs for the server, in the
 * manner of Python's ProcessPoolExecutor. It gives the server real child and
 * grandchild processes, which is what a reload runner has to manage.
 */
final class ProcessPool implements AutoCloseable {

    /** The answer to one job and the pid of the worker that computed it. */
    record Result(long value, long workerPid) {
    }

    private static final long CLOSE_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);

    private final List<Worker> workers;
    private final AtomicInteger next = new AtomicInteger();

    private ProcessPool(List<Worker> workers) {
        this.workers = workers;
    }

    /** Launches the workers; returns without waiting for them to finish booting. */
    static ProcessPool start(int size) throws IOException {
        List<Worker> workers = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                workers.add(new Worker(i, launch(i)));
            }
        } catch (IOException e) {
            new ProcessPool(workers).close();
            throw e;
        }
        return new ProcessPool(workers);
    }

    private static Process launch(int index) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return new ProcessBuilder(java,
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx32m",
                "-cp", System.getProperty("java.class.path"),
                PoolWorker.class.getName(), Integer.toString(index))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /** Squares {@code n} on the next worker in turn. */
    Result square(long n) throws IOException {
        Worker worker = workers.get(Math.floorMod(next.getAndIncrement(), workers.size()));
        String reply = worker.call("square " + n);
        String[] parts = reply.split(" ");
        try {
            return new Result(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        } catch (RuntimeException e) {
            throw new IOException("worker " + worker.index + " gave a bad reply: " + reply);
        }
    }

    /** Has the next worker double-fork a process out of its session; returns that process's pid. */
    long escape() throws IOException {
        Worker worker = workers.get(Math.floorMod(next.getAndIncrement(), workers.size()));
        String reply = worker.call("escape");
        try {
            return Long.parseLong(reply.split(" ")[0]);
        } catch (RuntimeException e) {
            throw new IOException("worker " + worker.index + " could not escape: " + reply);
        }
    }

    /**
     * Closes the workers' stdin so they exit on their own, then kills whatever is
     * still alive after a short grace period, grandchildren included.
     */
    @Override
    public void close() {
        // Take the process tree now: once a worker dies its children are reparented.
        List<ProcessHandle> tree = new ArrayList<>();
        for (Worker worker : workers) {
            tree.add(worker.process.toHandle());
            worker.process.descendants().forEach(tree::add);
        }
        for (Worker worker : workers) {
            try {
                worker.process.getOutputStream().close();
            } catch (IOException ignored) {
                // The worker is already gone.
            }
        }
        long deadline = System.nanoTime() + CLOSE_GRACE_NANOS;
        for (Worker worker : workers) {
            try {
                worker.process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (ProcessHandle handle : tree) {
            if (handle.isAlive()) {
                handle.destroyForcibly();
            }
        }
    }

    /** One worker process; it runs one job at a time. */
    private static final class Worker {
        final int index;
        final Process process;
        private final BufferedWriter stdin;
        private final BufferedReader stdout;

        Worker(int index, Process process) {
            this.index = index;
            this.process = process;
            this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
            this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        synchronized String call(String job) throws IOException {
            if (!process.isAlive()) {
                throw new IOException("worker " + index + " has exited with code " + process.exitValue());
            }
            stdin.write(job);
            stdin.newLine();
            stdin.flush();
            String reply = stdout.readLine();
            if (reply == null) {
                throw new IOException("worker " + index + " closed its output");
            }
            return reply;
        }
    }
}
