package dev.runner.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A worker process of {@link ProcessPool}: answers one job per stdin line on
 * stdout until stdin closes. Worker 1 also keeps a long-lived child of its own,
 * so the server has a grandchild that a runner must clean up on reload.
 */
public final class PoolWorker {

    private PoolWorker() {
    }

    public static void main(String[] args) throws IOException {
        int index = Integer.parseInt(args[0]);
        if (index == 1) {
            Process sleeper = new ProcessBuilder("sleep", "3600")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            // Runs both on the normal exit at EOF and on SIGTERM/SIGINT.
            Runtime.getRuntime().addShutdownHook(new Thread(sleeper::destroyForcibly));
        }

        long pid = ProcessHandle.current().pid();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        String job;
        while ((job = in.readLine()) != null) {
            out.println(answer(job) + " " + pid);
            out.flush();
        }
    }

    /**
     * Starts a {@code sleep} that leaves this process's session and parentage:
     * {@code setsid -f} forks, the fork calls setsid() and the forking process
     * exits at once, so the sleep is re-parented. Only its environment still
     * links it to the server. Returns its pid, or "error".
     */
    private static String escape() {
        try {
            Process p = new ProcessBuilder("setsid", "-f", "sh", "-c", "echo $$; exec sleep 3600 >/dev/null 2>&1")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String pid = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return pid.isEmpty() ? "error" : pid;
        } catch (IOException e) {
            return "error";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "error";
        }
    }

    /** Returns the result of one job, or "error" for a job it does not know. */
    static String answer(String job) {
        String[] parts = job.trim().split("\\s+");
        if (parts.length == 1 && parts[0].equals("escape")) {
            return escape();
        }
        if (parts.length == 2 && parts[0].equals("square")) {
            try {
                long n = Long.parseLong(parts[1]);
                return Long.toString(n * n);
            } catch (NumberFormatException e) {
                return "error";
            }
        }
        return "error";
    }
}
