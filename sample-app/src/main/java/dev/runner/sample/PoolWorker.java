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

    /** Returns the result of one job, or "error" for a job it does not know. */
    static String answer(String job) {
        String[] parts = job.trim().split("\\s+");
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
