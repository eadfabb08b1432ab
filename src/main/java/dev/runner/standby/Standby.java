package dev.runner.standby;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;

/**
 * The main class of a standby JVM: {@code java [OPTIONS] -cp CLASSPATH:standby.jar
 * dev.runner.standby.Standby LIST|- MAIN [ARGS...]}.
 *
 * <p>It runs in the child's JVM, started by the runner while the current generation still serves,
 * and does only what cannot change the app's behaviour: it loads (never initializes) the JDK and
 * dependency-jar classes named in {@code LIST} (a class list the runner recorded for its CDS
 * archive), skipping any class that would come from a directory, where the app's own, changing
 * classes live. Then it waits on standard input. The line {@code go}, written by the runner only
 * after the old generation's whole tree is joined, makes it run {@code MAIN.main(ARGS)} on this,
 * the JVM's main thread; so no app code, static initializer included, runs before that, and the
 * app's classes are read from disk only then. End of input without {@code go} (the runner
 * discarded the standby, or died) ends the JVM at once, without running anything of the app.
 *
 * <p>This class is copied into a jar of its own and appended to the child's class path, so it
 * uses nothing but {@code java.base} and has no nested classes or lambdas.
 */
public final class Standby {
  /** What the runner writes to start the app. */
  public static final String GO = "go";

  private Standby() {}

  public static void main(String[] args) throws Throwable {
    if (args.length < 2) {
      System.err.println("runner standby: usage: Standby LIST|- MAIN [ARGS...]");
      System.exit(2);
    }
    preload(args[0]);
    if (!awaitGo(System.in)) {
      System.exit(0);
    }
    String mainClass = args[1];
    String[] appArgs = Arrays.copyOfRange(args, 2, args.length);
    StringBuilder command = new StringBuilder(mainClass);
    for (String a : appArgs) {
      command.append(' ').append(a);
    }
    // the property as the app would have it (jps and jcmd -l read the JVM's own record: they show Standby)
    System.setProperty("sun.java.command", command.toString());
    Method main = mainMethod(mainClass);
    try {
      Object target = null;
      if (!Modifier.isStatic(main.getModifiers())) { // an instance main (JDK 25)
        java.lang.reflect.Constructor<?> make = main.getDeclaringClass().getDeclaredConstructor();
        make.setAccessible(true);
        target = make.newInstance();
      }
      if (main.getParameterCount() == 0) {
        main.invoke(target);
      } else {
        main.invoke(target, (Object) appArgs);
      }
    } catch (InvocationTargetException e) {
      throw e.getCause(); // the JVM reports it as the app's own uncaught exception, exit status 1
    }
  }

  /** The launcher's checks and messages, so a wrong MAIN fails the way {@code java MAIN} would. */
  private static Method mainMethod(String name) {
    Class<?> c;
    try {
      c = Class.forName(name, false, ClassLoader.getSystemClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      System.err.println("Error: Could not find or load main class " + name);
      System.err.println("Caused by: " + e);
      System.exit(1);
      return null;
    }
    try {
      Method m = c.getMethod("main", String[].class);
      if (Modifier.isStatic(m.getModifiers())) {
        m.setAccessible(true); // a public main of a non-public class
        return m;
      }
    } catch (NoSuchMethodException ignored) {
      // reported below, unless a JDK 25 launcher would take another main
    }
    if (Runtime.version().feature() >= 25) {
      Method m = find(c, true);
      m = m != null ? m : find(c, false);
      if (m != null) {
        m.setAccessible(true);
        return m;
      }
    }
    System.err.println("Error: Main method not found in class " + name
        + ", please define the main method as:\n   public static void main(String[] args)");
    System.exit(1);
    return null;
  }

  /**
   * JDK 25's launch protocol (JEP 512): a non-private {@code main}, static or not, taking
   * {@code String[]} if there is one, else taking nothing; inherited ones count.
   */
  private static Method find(Class<?> c, boolean withArgs) {
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      for (Method m : k.getDeclaredMethods()) {
        if (m.getName().equals("main") && !Modifier.isPrivate(m.getModifiers()) && m.getReturnType() == void.class
            && (withArgs ? m.getParameterCount() == 1 && m.getParameterTypes()[0] == String[].class
                : m.getParameterCount() == 0)) {
          return m;
        }
      }
    }
    return null;
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
