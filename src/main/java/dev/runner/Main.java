package dev.runner;

import dev.runner.cli.RunnerCommand;
import dev.runner.supervise.Runner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/** Entry point for {@code java -jar runner.jar}, IDE run configurations and {@code exec:java}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.jboss.logging.provider", "slf4j"); // Undertow's start-up chatter, through slf4j at warn
    // A worker that dies under a request makes Undertow log a stack trace per attempt, even when the
    // request is then answered by another worker; the runner says itself what happened to the worker.
    System.setProperty("org.slf4j.simpleLogger.log.io.undertow.proxy", "off");
    Map<String, String> env = System.getenv();
    PrintWriter err = new PrintWriter(System.err, true);
    int status;
    try {
      CommandLine cl = RunnerCommand.commandLine(env, Path.of(""), config -> Runner.run(config, err, env));
      status = cl.execute(args);
    } catch (Throwable t) {
      // An Error escapes picocli (seen: NoClassDefFoundError after the runner's own jar was rebuilt
      // under it). Returning from main would leave the JVM waiting on Undertow's non-daemon threads
      // with the signal handlers' loop gone, so it could not even be stopped with SIGTERM: exit.
      err.println("runner: internal error: " + t);
      status = 70;
    }
    System.exit(status);
  }
}
