package dev.runner.apps;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JDWP debugger agent that listens on "any port" ({@code address=0}, {@code address=HOST:0}, or
 * {@code server=y} with no address) opens a port nobody can predict, and the readiness probe,
 * which looks for the port the app opened instead of its PORT, could take it for the app's and
 * proxy HTTP to a debugger. So the runner picks that free port itself, per start: the option keeps
 * its meaning (a free port, on the same host) and the runner knows which port to leave alone. A
 * debugger with a fixed port is left as it is ({@link Frameworks#portsNotTheApps} knows it).
 */
public final class DebuggerPort {
  /** The JVM option variables a JDWP agent may also come from. */
  public static final List<String> VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

  private static final Pattern AGENT = Pattern.compile("^(-agentlib:jdwp=|-Xrunjdwp:)(.*)$");

  private DebuggerPort() {}

  /** True when some option of {@code command} or of the option variables in {@code env} listens on any port. */
  public static boolean anyPort(List<String> command, Map<String, String> env) {
    return command.stream().anyMatch(a -> pinned(a, 0).isPresent())
        || VARIABLES.stream().anyMatch(v -> pinned(env.getOrDefault(v, ""), 0).isPresent()
            || words(env.getOrDefault(v, "")).stream().anyMatch(w -> pinned(w, 0).isPresent()));
  }

  /** {@code command} with every any-port JDWP server option bound to {@code port}. */
  public static List<String> pin(List<String> command, int port) {
    List<String> out = new ArrayList<>(command.size());
    for (String a : command) {
      out.add(pinned(a, port).orElse(a));
    }
    return out;
  }

  /** The option variables of {@code env} that hold an any-port JDWP server option, with it bound to {@code port}. */
  public static Map<String, String> pinVariables(Map<String, String> env, int port) {
    Map<String, String> out = new HashMap<>();
    for (String v : VARIABLES) {
      String value = env.get(v);
      if (value == null) {
        continue;
      }
      List<String> words = words(value);
      List<String> pinned = pin(words, port);
      if (!pinned.equals(words)) {
        out.put(v, String.join(" ", pinned));
      }
    }
    return out;
  }

  private static List<String> words(String value) {
    String t = value.trim();
    return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
  }

  /**
   * {@code option} with its any-port address bound to {@code port}; empty when it is no JDWP agent,
   * connects out ({@code server=n}, the default), or has a port of its own.
   */
  static Optional<String> pinned(String option, int port) {
    Matcher m = AGENT.matcher(option);
    if (!m.matches()) {
      return Optional.empty();
    }
    String[] parts = m.group(2).split(",", -1);
    boolean server = false;
    int address = -1;
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].equals("server=y")) {
        server = true;
      } else if (parts[i].startsWith("address=")) {
        address = i;
      }
    }
    if (!server) {
      return Optional.empty();
    }
    if (address < 0) {
      return Optional.of(option + "," + "address=" + port); // a bare port: localhost, as the JDK's default
    }
    String value = parts[address].substring("address=".length());
    int colon = value.lastIndexOf(':');
    String host = colon < 0 ? "" : value.substring(0, colon + 1);
    String p = value.substring(colon + 1);
    if (!p.equals("0") && !p.isEmpty()) {
      return Optional.empty();
    }
    parts[address] = "address=" + host + port;
    return Optional.of(m.group(1) + String.join(",", parts));
  }
}
