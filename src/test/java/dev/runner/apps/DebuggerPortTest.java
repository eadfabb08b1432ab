package dev.runner.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DebuggerPortTest {
  private static final String AGENT = "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,";

  @Test
  void anyPortIsBoundToTheGivenPortOnTheSameHost() {
    assertEquals(Optional.of(AGENT + "address=127.0.0.1:4711"), DebuggerPort.pinned(AGENT + "address=127.0.0.1:0", 4711));
    assertEquals(Optional.of(AGENT + "address=*:4711"), DebuggerPort.pinned(AGENT + "address=*:0", 4711));
    assertEquals(Optional.of(AGENT + "address=4711"), DebuggerPort.pinned(AGENT + "address=0", 4711));
    assertEquals(Optional.of("-Xrunjdwp:server=y,transport=dt_socket,address=4711"),
        DebuggerPort.pinned("-Xrunjdwp:server=y,transport=dt_socket", 4711), "no address: a random port");
  }

  @Test
  void aFixedPortAClientAgentAndOtherOptionsAreLeftAlone() {
    assertEquals(Optional.empty(), DebuggerPort.pinned(AGENT + "address=5005", 4711));
    assertEquals(Optional.empty(), DebuggerPort.pinned(AGENT + "address=localhost:5005", 4711));
    assertEquals(Optional.empty(), DebuggerPort.pinned("-agentlib:jdwp=transport=dt_socket,server=n,address=0", 4711));
    assertEquals(Optional.empty(), DebuggerPort.pinned("-agentlib:jdwp=transport=dt_socket,address=9000", 4711));
    assertEquals(Optional.empty(), DebuggerPort.pinned("-Dserver=y", 4711));
  }

  @Test
  void commandsAndOptionVariablesAreFoundAndRewritten() {
    List<String> command = List.of("java", AGENT + "address=0", "-cp", "c", "Main");
    assertTrue(DebuggerPort.anyPort(command, Map.of()));
    assertEquals(List.of("java", AGENT + "address=4711", "-cp", "c", "Main"), DebuggerPort.pin(command, 4711));
    Map<String, String> env = Map.of("JAVA_TOOL_OPTIONS", "-Xmx1g " + AGENT + "address=*:0", "PATH", "/bin");
    assertTrue(DebuggerPort.anyPort(List.of("java", "Main"), env));
    assertEquals(Map.of("JAVA_TOOL_OPTIONS", "-Xmx1g " + AGENT + "address=*:4711"), DebuggerPort.pinVariables(env, 4711));
    assertFalse(DebuggerPort.anyPort(List.of("java", AGENT + "address=5005", "Main"), Map.of("PATH", "/bin")));
  }
}
