package dev.runner.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writing the files of a generated project, and the one kind of app most of them are: a JDK
 * {@code com.sun.net.httpserver} server on 127.0.0.1:$PORT that answers each of a few GET paths
 * with one line of plain text (404 for anything else). No framework, so what a test sees is what
 * the build produced: a Lombok getter, a mapper, a parameter name, a filtered resource.
 */
final class ProjectFiles {
  private ProjectFiles() {}

  /** Writes {@code text} to {@code dir/relative}, creating the directories on the way. */
  static Path write(Path dir, String relative, String text) {
    Path file = dir.resolve(relative);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  /** Replaces the one occurrence of {@code from} in {@code file} (a test's edit; fails when it is not there). */
  static void replace(Path file, String from, String to) {
    try {
      String text = Files.readString(file);
      if (!text.contains(from)) {
        throw new AssertionError("no '" + from + "' to replace in " + file + ":\n" + text);
      }
      Files.writeString(file, text.replace(from, to));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot edit " + file, e);
    }
  }

  /** The source path of a class, e.g. {@code src/main/java/com/acme/App.java}. */
  static String sourcePath(String className) {
    return "src/main/java/" + className.replace('.', '/') + ".java";
  }

  /**
   * The source of a plain HTTP app: class {@code className} with a {@code main} that serves
   * {@code routes} (path to a Java expression of any type, evaluated per request, which may throw)
   * and {@code members} (more methods or fields, verbatim). {@code /pid} is always there: the
   * app's own pid, so a test can tell one generation from the next.
   */
  static String httpApp(String className, Map<String, String> routes, String members) {
    int dot = className.lastIndexOf('.');
    StringBuilder cases = new StringBuilder();
    routes.forEach((path, expr) -> cases.append("      case \"").append(path).append("\" -> ").append(expr).append(";\n"));
    return """
        package %s;

        import com.sun.net.httpserver.HttpExchange;
        import com.sun.net.httpserver.HttpServer;
        import java.io.IOException;
        import java.net.InetSocketAddress;
        import java.nio.charset.StandardCharsets;

        public class %s {
          public static void main(String[] args) throws IOException {
            int port = Integer.parseInt(System.getenv("PORT"));
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
            server.createContext("/", %s::handle);
            server.start();
            System.out.println("%s listening on " + port);
          }

          private static void handle(HttpExchange exchange) throws IOException {
            Object body;
            try {
              body = answer(exchange.getRequestURI().getPath());
            } catch (Exception e) {
              body = null;
              e.printStackTrace();
            }
            byte[] bytes = (body == null ? "not found\\n" : body + "\\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
          }

          private static Object answer(String path) throws Exception {
            return switch (path) {
              case "/pid" -> ProcessHandle.current().pid();
        %s      default -> null;
            };
          }
        %s}
        """.formatted(className.substring(0, dot), className.substring(dot + 1), className.substring(dot + 1),
        className.substring(dot + 1), cases, members.isEmpty() ? "" : "\n" + members.indent(2));
  }

  /** A pom of one module, {@code body} being everything after the coordinates. */
  static String pom(String groupId, String artifactId, String version, String body) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0"
                 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                 xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
          <modelVersion>4.0.0</modelVersion>
          <groupId>%s</groupId>
          <artifactId>%s</artifactId>
          <version>%s</version>
        %s</project>
        """.formatted(groupId, artifactId, version, body.indent(2));
  }

  /** maven-compiler-plugin pinned as teams pin it (Maven 3.8's default, 3.1, predates {@code release}). */
  static final String COMPILER_PLUGIN = """
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>3.14.0</version>
      </plugin>
      """;
}
