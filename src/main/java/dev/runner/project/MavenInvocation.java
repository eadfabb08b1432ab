package dev.runner.project;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of Maven on the user's project, with what it printed. The project's own wrapper
 * ({@code mvnw}) is preferred to the {@code mvn} on the PATH, as the project's developers would.
 */
record MavenInvocation(List<String> argv, int exitCode, String output) {
  static final long TIMEOUT_MINUTES = 15;

  static MavenInvocation run(Path dir, List<String> args) throws IOException {
    Path wrapper = dir.resolve("mvnw");
    List<String> argv = new ArrayList<>();
    argv.add(Files.isExecutable(wrapper) ? wrapper.toString() : "mvn");
    argv.addAll(List.of("-B", "-Dstyle.color=never"));
    argv.addAll(args);
    Process p;
    try {
      p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    } catch (IOException e) {
      throw new IOException("cannot run " + argv.get(0) + " (is Maven installed and on the PATH?): " + e.getMessage(), e);
    }
    try {
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", argv) + " did not finish within " + TIMEOUT_MINUTES + " minutes");
      }
      return new MavenInvocation(argv, p.exitValue(), out.replaceAll("\u001b\\[[0-9;]*m", ""));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while Maven ran");
    }
  }

  boolean ok() {
    return exitCode == 0;
  }

  /**
   * The lines that say why Maven failed: its {@code [ERROR]} lines without the advice it appends
   * to every failure, else the tail of its output.
   */
  String why() {
    List<String> reasons = new ArrayList<>();
    for (String line : output.split("\\R")) {
      if (!line.startsWith("[ERROR]")) {
        continue;
      }
      String l = line.substring("[ERROR]".length()).strip().replaceAll("\\s*-> \\[Help \\d+]$", "");
      if (l.isEmpty() || l.startsWith("To see the full stack trace") || l.startsWith("Re-run Maven")
          || l.startsWith("For more information about the errors") || l.startsWith("[Help ")
          || l.startsWith("After correcting the problems") || l.startsWith("mvn <args> -rf")) {
        continue;
      }
      reasons.add(l);
    }
    if (reasons.isEmpty()) {
      String[] lines = output.strip().split("\\R");
      reasons.addAll(List.of(lines).subList(Math.max(0, lines.length - 15), lines.length));
    }
    return String.join("\n", reasons);
  }
}
