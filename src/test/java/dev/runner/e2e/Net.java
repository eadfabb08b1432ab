package dev.runner.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Loopback-only HTTP and free ports for tests. */
public final class Net {
  private Net() {}

  /** A port that was free a moment ago (bound to 0 by the kernel, then released). */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The body of a 200 answer, or empty when there is no server or another status. */
  public static Optional<String> get(int port, String path) {
    return request("GET", port, path);
  }

  /** The status code of {@code GET path}, or -1 when there is no answer. */
  public static int status(int port, String path) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(35_000); // a held request waits up to the proxy's --hold-timeout
      try {
        int status = c.getResponseCode();
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
          if (in != null) {
            in.readAllBytes();
          }
        }
        return status;
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      return -1;
    }
  }

  public static Optional<String> request(String method, int port, String path) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
      c.setRequestMethod(method);
      c.setConnectTimeout(1000);
      c.setReadTimeout(5000);
      if (method.equals("POST")) {
        c.setDoOutput(true);
        c.getOutputStream().close();
      }
      try {
        if (c.getResponseCode() != 200) {
          return Optional.empty();
        }
        try (InputStream in = c.getInputStream()) {
          return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
