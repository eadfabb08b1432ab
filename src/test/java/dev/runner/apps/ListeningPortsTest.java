package dev.runner.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListeningPortsTest {
  private static final String HEADER =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

  @Test
  void takesListeningSocketsOfTheGivenInodesOnLoopbackOrAnyAddressOnly() {
    String tcp = HEADER
        + "   0: 0100007F:1B58 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 111 1 0 100 0 0 10 0\n"
        + "   1: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 222 1 0 100 0 0 10 0\n"
        + "   2: 0101A8C0:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 333 1 0 100 0 0 10 0\n"
        + "   3: 0100007F:1B59 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 444 1 0 100 0 0 10 0\n"
        + "   4: 0100007F:1B5A 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 555 1 0 100 0 0 10 0\n";
    assertEquals(Set.of(7000, 8080), ListeningPorts.parse(tcp, Set.of(111L, 222L, 333L, 444L)),
        "192.168.1.1 is not reachable on 127.0.0.1, an established connection is no server, inode 555 is another"
            + " process's");
    String tcp6 = HEADER
        + "   0: 00000000000000000000000001000000:0BB8 00000000000000000000000000000000:0000 0A 00000000:00000000"
        + " 00:00000000 00000000  1000        0 666 1 0 100 0 0 10 0\n"
        + "   1: 00000000000000000000000000000000:0FA0 00000000000000000000000000000000:0000 0A 00000000:00000000"
        + " 00:00000000 00000000  1000        0 777 1 0 100 0 0 10 0\n"
        + "   2: 0000000000000000FFFF00000100007F:1388 00000000000000000000000000000000:0000 0A 00000000:00000000"
        + " 00:00000000 00000000  1000        0 888 1 0 100 0 0 10 0\n";
    assertEquals(Set.of(3000, 4000, 5000), ListeningPorts.parse(tcp6, Set.of(666L, 777L, 888L)),
        "::1, ::, and 127.0.0.1 mapped into IPv6");
  }

  @Test
  void findsWhatThisVeryProcessListensOnAndNotWhatItConnectsTo() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Socket client = new Socket()) {
      client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
      Set<Integer> ports = ListeningPorts.of(List.of(ProcessHandle.current().pid()));
      assertTrue(ports.contains(server.getLocalPort()), ports.toString());
      assertFalse(ports.contains(client.getLocalPort()), ports.toString());
    }
    assertTrue(ListeningPorts.of(List.of(Long.MAX_VALUE)).isEmpty(), "a process that is gone listens on nothing");
  }
}
