package dev.runner.notify;

import java.nio.file.Path;

/**
 * Test fixture: a JVM that holds a {@link NotifyServer} with one open socket, prints the server's
 * directory and waits to be killed, so a test can check that SIGTERM removes the directory.
 */
public final class NotifyServerMain {
  private NotifyServerMain() {}

  public static void main(String[] args) throws Exception {
    NotifyServer server = new NotifyServer(Path.of(args[0]), new NotifyServer.Listener() {
      @Override
      public void message(String channelKey, String key, String value) {}

      @Override
      public void warning(String channelKey, String text) {}
    });
    server.open("child");
    System.out.println(server.directory());
    System.out.flush();
    Thread.currentThread().join(); // never returns: close() is deliberately not reached
  }
}
