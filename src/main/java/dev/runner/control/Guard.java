package dev.runner.control;

import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;

/**
 * Who may use the runner's own endpoints: a client on this machine (loopback peer address) that
 * names a loopback host in {@code Host}, and, when it sends an {@code Origin}, a loopback origin.
 * The Host check defeats DNS rebinding: a page on {@code evil.example} whose name is made to
 * resolve to 127.0.0.1 still sends {@code Host: evil.example}. The Origin check keeps a page of
 * another site from even reaching the endpoints through the user's browser. Pure, so it is tested
 * without sockets.
 */
final class Guard {
  private Guard() {}

  /** Whether a request from {@code peer} with these headers ({@code origin} may be null) may be served. */
  static boolean allowed(InetAddress peer, String host, String origin) {
    return peer != null && peer.isLoopbackAddress() && host != null && loopbackAuthority(host)
        && (origin == null || loopbackOrigin(origin));
  }

  /** {@code localhost}, {@code 127.x.y.z} or {@code [::1]}, each with an optional port. */
  static boolean loopbackAuthority(String authority) {
    String a = authority.strip().toLowerCase(Locale.ROOT);
    String host;
    if (a.startsWith("[")) {
      int end = a.indexOf(']');
      if (end < 0 || !portOrNothing(a.substring(end + 1))) {
        return false;
      }
      host = a.substring(1, end);
      return host.equals("::1") || host.equals("0:0:0:0:0:0:0:1");
    }
    int colon = a.indexOf(':');
    if (colon >= 0) {
      if (!portOrNothing(a.substring(colon))) {
        return false;
      }
      host = a.substring(0, colon);
    } else {
      host = a;
    }
    return host.equals("localhost") || ipv4Loopback(host);
  }

  static boolean loopbackOrigin(String origin) {
    try {
      URI u = URI.create(origin.strip());
      String scheme = u.getScheme();
      return u.getRawAuthority() != null && ("http".equals(scheme) || "https".equals(scheme))
          && (u.getRawPath() == null || u.getRawPath().isEmpty()) && loopbackAuthority(u.getRawAuthority());
    } catch (IllegalArgumentException e) {
      return false; // "null" (a sandboxed or file: page) and anything malformed
    }
  }

  private static boolean portOrNothing(String rest) {
    if (rest.isEmpty()) {
      return true;
    }
    if (rest.charAt(0) != ':' || rest.length() < 2 || rest.length() > 6) {
      return false;
    }
    return rest.substring(1).chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** Four decimal octets, the first 127 (the whole 127/8 block is loopback). */
  private static boolean ipv4Loopback(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("127")) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }
}
