package dev.runner.hotswap.agent;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.Instrumentation;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The runner's agent in the child: {@code java -javaagent:runner-hotswap.jar[=verbose] ...}.
 *
 * <p>On a daemon thread it connects to {@code RUNNER_NOTIFY_SOCKET}, says {@code LISTEN=hotswap}
 * and answers each {@code REDEFINE=<id> <listing>} with {@code REDEFINED=<id> ok <n>} or
 * {@code REDEFINED=<id> failed <reason>}. The listing is a file of lines
 * {@code <binary class name> TAB <class file>}, the file relative to the listing's directory. Every
 * loaded class of a listed name is redefined, whatever its class loader (Spring Boot DevTools loads
 * an app class twice), all in one {@code redefineClasses} call, so the batch takes effect whole or
 * not at all; a listed class that is not loaded yet needs nothing (it will be read from disk).
 * {@code n} counts the redefined classes.
 *
 * <p>It must never break the app: nothing runs on the app's threads beyond starting the thread,
 * every failure ends in a reply or in silence, and it prints nothing unless started with
 * {@code =verbose} (then one line per redefinition). Without the variable it does nothing. It uses
 * only {@code java.base} and {@code java.instrument}, is copied into a jar of its own
 * ({@code Premain-Class}, {@code Can-Redefine-Classes}), and is loaded at start-up with
 * {@code -javaagent}, which JDK 21+ accepts without the warning a dynamic attach gets.
 */
public final class HotswapAgent {
  public static final String TOPIC = "hotswap";
  public static final String REQUEST = "REDEFINE";
  public static final String REPLY = "REDEFINED";
  private static final String ENV_SOCKET = "RUNNER_NOTIFY_SOCKET";
  private static final int MAX_LINE = 4096;
  private static final int MAX_REASON = 300;

  private final Instrumentation instrumentation;
  private final boolean verbose;

  private HotswapAgent(Instrumentation instrumentation, boolean verbose) {
    this.instrumentation = instrumentation;
    this.verbose = verbose;
  }

  public static void premain(String args, Instrumentation instrumentation) {
    try {
      String socket = System.getenv(ENV_SOCKET);
      if (socket == null || socket.isEmpty() || !instrumentation.isRedefineClassesSupported()) {
        return;
      }
      HotswapAgent agent = new HotswapAgent(instrumentation, "verbose".equals(args));
      Thread thread = new Thread(() -> agent.serve(Path.of(socket)), "runner-hotswap");
      thread.setDaemon(true);
      thread.start();
    } catch (Throwable ignored) {
      // The app runs as if the agent were not there.
    }
  }

  /** Until the runner closes the connection (the generation ends) or anything goes wrong. */
  private void serve(Path socket) {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
      OutputStream out = Channels.newOutputStream(channel);
      write(out, "LISTEN=" + TOPIC);
      for (String line; (line = readLine(in)) != null; ) {
        if (line.startsWith(REQUEST + "=")) {
          String request = line.substring(REQUEST.length() + 1);
          int space = request.indexOf(' ');
          String id = space < 0 ? request : request.substring(0, space);
          write(out, REPLY + "=" + id + " " + (space < 0 ? "failed no listing" : answer(Path.of(request.substring(space + 1)))));
        }
      }
    } catch (Throwable ignored) {
      // The runner went away, or the JVM is going down: nothing to report to.
    }
  }

  private String answer(Path listing) {
    long start = System.nanoTime();
    try {
      int n = redefine(read(listing));
      if (verbose) {
        System.out.println("[runner] redefined " + n + " class" + (n == 1 ? "" : "es") + " in "
            + (System.nanoTime() - start) / 1_000_000 + " ms");
      }
      return "ok " + n;
    } catch (Throwable t) { // UnsupportedOperationException, VerifyError, ClassFormatError, LinkageError...
      String reason = (t.getClass().getSimpleName() + ": " + t.getMessage()).replaceAll("[\\r\\n\\t]+", " ");
      return "failed " + (reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "..." : reason);
    }
  }

  /** Binary name → new bytes. */
  private static Map<String, byte[]> read(Path listing) throws IOException {
    Map<String, byte[]> classes = new HashMap<>();
    for (String line : Files.readAllLines(listing, StandardCharsets.UTF_8)) {
      int tab = line.indexOf('\t');
      if (tab <= 0) {
        throw new IOException("listing line without a tab: " + line);
      }
      classes.put(line.substring(0, tab), Files.readAllBytes(listing.resolveSibling(line.substring(tab + 1))));
    }
    return classes;
  }

  private int redefine(Map<String, byte[]> classes) throws Exception {
    List<ClassDefinition> definitions = new ArrayList<>();
    for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
      byte[] bytes = classes.get(loaded.getName());
      if (bytes != null) {
        if (!instrumentation.isModifiableClass(loaded)) {
          throw new UnsupportedOperationException(loaded.getName() + " cannot be redefined");
        }
        definitions.add(new ClassDefinition(loaded, bytes));
      }
    }
    if (!definitions.isEmpty()) {
      instrumentation.redefineClasses(definitions.toArray(new ClassDefinition[0]));
    }
    return definitions.size();
  }

  private static void write(OutputStream out, String line) throws IOException {
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** One line without its newline; null at end of input. A line longer than the protocol allows ends the session. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b; (b = in.read()) != '\n'; ) {
      if (b < 0) {
        return null;
      }
      if (line.size() == MAX_LINE) {
        throw new IOException("line too long");
      }
      line.write(b);
    }
    return line.toString(StandardCharsets.UTF_8);
  }
}
