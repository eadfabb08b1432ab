package dev.runner.standby;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * The agent of a standby JVM: {@code java -javaagent:runner-standby.jar=LIST|- [OPTIONS] -cp
 * CLASSPATH MAIN [ARGS...]}, the app's own command with one option in front.
 *
 * <p>It runs in the child's JVM, started by the runner while the current generation still serves,
 * and does only what cannot change the app's behaviour: it loads (never initializes) the JDK and
 * dependency-jar classes named in {@code LIST} (a class list the runner recorded for its CDS
 * archive), skipping any class that would come from a directory, where the app's own, changing
 * classes live. Then it waits on standard input. The line {@code go}, written by the runner only
 * after the old generation's whole tree is joined, ends {@link #premain}; only then does the
 * {@code java} launcher load {@code MAIN} and call its {@code main} on the JVM's main thread, as it
 * always does. So no app code, static initializer included, runs before that, and the app's
 * classes are read from disk only then. End of input without {@code go} (the runner discarded the
 * standby, or died) ends the JVM at once, without running anything of the app.
 *
 * <p>Why an agent and not a main class that calls the app's: the app sees a JVM started by
 * {@code java MAIN ARGS} and nothing else. Its main thread's stack starts at its own {@code main}
 * (Spring Boot DevTools restarts "the lowest {@code main} on the main thread's stack" and would
 * otherwise run the standby's), {@code sun.java.command} and {@code jps} name its class, the
 * launcher finds and checks its {@code main} (JDK 25's instance mains included), and an uncaught
 * exception or {@code System.exit} ends the JVM exactly as without the runner.
 *
 * <p>This class is copied into a jar of its own (with a {@code Premain-Class} manifest), so it
 * uses nothing but {@code java.base} and has no nested classes or lambdas.
 */
public final class Standby {
  /** What the runner writes to start the app. */
  public static final String GO = "go";

  private Standby() {}

  /** Runs on the JVM's main thread before the launcher loads the app's main class. */
  public static void premain(String list) throws IOException {
    preload(list == null || list.isEmpty() ? "-" : list);
    if (!awaitGo(System.in)) {
      System.exit(0);
    }
  }

  /** Reads one line; true only for {@value #GO}. The runner writes nothing after it. */
  static boolean awaitGo(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
      if (line.length() < 16) {
        line.append((char) b);
      }
    }
    return GO.contentEquals(line);
  }

  /** Loads each class of the list that comes from a jar or the JDK; returns how many. */
  static int preload(String list) {
    if (list.equals("-")) {
      return 0;
    }
    ClassLoader loader = ClassLoader.getSystemClassLoader();
    int loaded = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(Paths.get(list)),
        StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isEmpty() || line.startsWith("#") || line.startsWith("@")) {
          continue; // comments, and lambda-proxy / lambda-form lines of a class list
        }
        int end = line.indexOf(' ');
        String internal = end < 0 ? line : line.substring(0, end);
        if (internal.contains("$$")) {
          continue; // generated (lambda) classes cannot be loaded by name
        }
        URL where = loader.getResource(internal + ".class");
        if (where == null || where.getProtocol().equals("file")) {
          continue; // not there, or from a class directory: the app's own, loaded after "go" only
        }
        try {
          Class.forName(internal.replace('/', '.'), false, loader);
          loaded++;
        } catch (ClassNotFoundException | LinkageError e) {
          // a stale list entry: the app will meet the same error, or not, on its own
        }
      }
    } catch (IOException e) {
      System.err.println("runner standby: cannot read " + list + ": " + e.getMessage() + "; starting without it");
    }
    return loaded;
  }
}
