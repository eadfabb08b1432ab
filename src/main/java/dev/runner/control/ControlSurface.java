package dev.runner.control;

import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The control surface of one runner, put together: its state, the handler for {@code /_runner/},
 * the port tools reach it on (the front proxy's when that listens on loopback, else a loopback
 * port of its own, so {@code runner status} works without a proxy too) and the state file naming
 * that port and the restart token. Closing it removes the state file and the own port.
 */
public final class ControlSurface implements AutoCloseable {
  private final ControlState state;
  private final ControlHandler handler;
  private final ControlServer server;
  private final StateFile file;

  private ControlSurface(ControlState state, ControlHandler handler, ControlServer server, StateFile file) {
    this.state = state;
    this.handler = handler;
    this.server = server;
    this.file = file;
  }

  /**
   * @param text the status for people
   * @param restart asks for a restart (posts to the supervisor)
   * @param proxyPort the front proxy's port when it listens on loopback and serves {@link #handler()}
   * @param warn where a part that cannot be set up is reported (the runner goes on without it)
   */
  public static ControlSurface open(Path workDir, Map<String, String> env, Supplier<String> text, Runnable restart,
      OptionalInt proxyPort, Consumer<String> warn) {
    String version = RunnerVersion.get();
    ControlState state = new ControlState(Clock.systemUTC(), version, workDir);
    String token = StateFile.newToken();
    ControlHandler handler = new ControlHandler(state, text, token, restart);
    ControlServer server = null;
    int port;
    if (proxyPort.isPresent()) {
      port = proxyPort.getAsInt();
    } else {
      try {
        server = ControlServer.start(handler);
        port = server.port();
      } catch (RuntimeException e) {
        warn.accept("no control port (" + e.getMessage() + "): runner status and runner restart will not reach"
            + " this runner");
        return new ControlSurface(state, handler, null, null);
      }
    }
    StateFile file = null;
    try {
      file = StateFile.write(env, workDir, port, token, version);
    } catch (IOException | RuntimeException e) {
      warn.accept("cannot write the state file " + StateFile.path(env, workDir) + " (" + e.getMessage()
          + "): runner status and runner restart will not find this runner");
    }
    return new ControlSurface(state, handler, server, file);
  }

  public ControlState state() {
    return state;
  }

  public HttpHandler handler() {
    return handler;
  }

  @Override
  public void close() {
    if (file != null) {
      file.close();
    }
    if (server != null) {
      server.close();
    }
  }
}
