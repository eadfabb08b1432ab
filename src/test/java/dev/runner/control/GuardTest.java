package dev.runner.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Who may reach /_runner/: loopback peers naming a loopback host, from a loopback origin if any. */
class GuardTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void loopbackNamesWithOrWithoutAPort() {
    for (String host : new String[] {"localhost", "LOCALHOST:8080", "127.0.0.1", "127.0.0.1:65535", "127.1.2.3:80",
        "[::1]", "[::1]:8080", "[0:0:0:0:0:0:0:1]:1"}) {
      assertTrue(Guard.loopbackAuthority(host), host);
    }
  }

  @Test
  void anythingElseIsRefusedDnsRebindingIncluded() {
    for (String host : new String[] {"evil.example", "evil.example:8080", "127.0.0.1.evil.example", "localhost.",
        "localhost.evil.example", "sub.localhost", "10.0.0.1", "0.0.0.0", "[::2]", "[::1", "127.0.0.1:", "127.0.0.1:x",
        "127.0.0.1:8080:1", "127.0.0.256", "127.0.0", "", "[::1]x"}) {
      assertFalse(Guard.loopbackAuthority(host), host);
    }
  }

  @Test
  void theWholeRequest() throws Exception {
    assertTrue(Guard.allowed(LOOPBACK, "127.0.0.1:9000", null));
    assertTrue(Guard.allowed(LOOPBACK, "localhost:9000", "http://localhost:9000"));
    assertFalse(Guard.allowed(LOOPBACK, null, null), "no Host");
    assertFalse(Guard.allowed(LOOPBACK, "attacker.example:9000", null), "rebinding");
    assertFalse(Guard.allowed(LOOPBACK, "127.0.0.1:9000", "https://attacker.example"), "another site's page");
    assertFalse(Guard.allowed(LOOPBACK, "127.0.0.1:9000", "null"), "a sandboxed page");
    assertFalse(Guard.allowed(InetAddress.getByName("192.168.1.20"), "127.0.0.1:9000", null), "another machine");
    assertFalse(Guard.allowed(null, "127.0.0.1:9000", null), "no peer");
  }
}
