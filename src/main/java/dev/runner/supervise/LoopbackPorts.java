package dev.runner.supervise;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Questions about loopback ports: one free for a worker, whether one could be bound, whether one answers. */
final class LoopbackPorts {
  private LoopbackPorts() {}

  /** A loopback port nobody listens on right now (the kernel's choice), for one worker. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Whether a server could listen on this loopback port right now. */
  static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true); // as servers do, so a connection of the last worker in TIME_WAIT does not count
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 250);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
