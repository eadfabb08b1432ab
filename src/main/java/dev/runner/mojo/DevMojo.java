package dev.runner.mojo;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code runner:dev}: runs the project under the runner. It writes the project model as
 * {@code runner:model} does, then starts the runner as a JVM of its own, never inside Maven's:
 * the runner's signal handling, its exit status and its JVM flags are its own, and its classes never
 * meet Maven's (see sample-app's pom on exec:exec). The runner gets Maven's terminal, and this goal
 * waits for it.
 *
 * <p>Nothing outlives Maven: when Maven is stopped (Ctrl-C, SIGTERM) its shutdown hook sends the
 * runner SIGTERM and waits while the runner stops its tree; when Maven dies without its hooks
 * ({@code kill -9}) the runner's {@code --exit-with-parent} notices and stops everything.
 */
@Mojo(name = "dev", aggregator = true, requiresProject = true, threadSafe = true)
public final class DevMojo extends ModelGoal {
  /** Stopping the tree takes --grace (5 s by default) at most, and a little more for the runner itself. */
  private static final long STOP_WAIT_SECONDS = 60;

  @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
  PluginDescriptor plugin;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    List<String> options;
    try {
      options = RunnerArgs.of(runnerProperties(session.getUserProperties(), session.getSystemProperties()),
          runnerProperties(session.getTopLevelProject().getProperties()), getLog()::warn);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("runner:dev: " + e.getMessage());
    }
    Path model = writeModel();
    List<String> argv = command(model, options);
    getLog().debug("runner:dev: " + String.join(" ", argv));
    Process runner;
    try {
      runner = new ProcessBuilder(argv).directory(new File(session.getExecutionRootDirectory())).inheritIO().start();
    } catch (IOException e) {
      throw new MojoExecutionException("runner:dev: cannot start " + argv.get(0) + ": " + e.getMessage(), e);
    }
    Thread hook = new Thread(() -> stop(runner), "runner-dev-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    int status;
    try {
      status = runner.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(runner);
      throw new MojoExecutionException("runner:dev: interrupted while the runner ran", e);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs (or ran) anyway
      }
    }
    if (status != 0 && status != 130 && status != 143) { // 130/143: stopped by Ctrl-C or SIGTERM
      throw new MojoFailureException("runner:dev: the runner exited with status " + status);
    }
  }

  /**
   * {@code env --default-signal=INT,QUIT} (when there is one) so a Maven started as a background job,
   * with SIGINT ignored, still starts a runner that stops on SIGINT; then this JVM's java with the
   * runner's flags, on this plugin's own jar (the runnable runner jar).
   */
  private List<String> command(Path model, List<String> options) throws MojoExecutionException {
    File jar = plugin.getPluginArtifact().getFile();
    if (jar == null || !jar.isFile()) {
      throw new MojoExecutionException("runner:dev: the plugin's jar is not a file (" + jar + "); install the"
          + " runner first: mvn install in the runner's checkout");
    }
    List<String> argv = new ArrayList<>();
    if (defaultSignalWorks()) {
      argv.addAll(List.of("env", "--default-signal=INT,QUIT"));
    }
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.addAll(RunnerJvm.options(Runtime.version().feature())); // the runner runs on this JVM's java
    argv.addAll(List.of("-jar", jar.getAbsolutePath(), "--model", model.toString(), "--exit-with-parent"));
    argv.addAll(options);
    return argv;
  }

  private static boolean defaultSignalWorks() {
    try {
      Process p = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** SIGTERM, which the runner answers by stopping its tree in order; SIGKILL only if it hangs. */
  private static void stop(Process runner) {
    if (!runner.isAlive()) {
      return;
    }
    runner.destroy();
    try {
      if (!runner.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
        runner.destroyForcibly();
      }
    } catch (InterruptedException e) {
      runner.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @SafeVarargs
  private static Map<String, String> runnerProperties(Properties... sources) {
    Map<String, String> out = new TreeMap<>();
    for (Properties p : sources) {
      for (String k : p.stringPropertyNames()) {
        if (k.startsWith(RunnerArgs.PREFIX) && !out.containsKey(k)) {
          out.put(k, p.getProperty(k));
        }
      }
    }
    return out;
  }
}
