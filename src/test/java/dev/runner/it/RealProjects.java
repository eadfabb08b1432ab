package dev.runner.it;

import static dev.runner.it.ProjectFiles.COMPILER_PLUGIN;
import static dev.runner.it.ProjectFiles.httpApp;
import static dev.runner.it.ProjectFiles.pom;
import static dev.runner.it.ProjectFiles.sourcePath;
import static dev.runner.it.ProjectFiles.write;

import java.nio.file.Path;
import java.util.Map;

/**
 * Complete Maven projects, written by the tests into a directory of theirs, in the shapes Java
 * teams use (a reactor with Lombok and MapStruct, Spring Boot, Micronaut, a {@code release 17}
 * build, the usual ways of naming a main class). They are generated rather than checked in so that
 * no test is tuned to one layout on disk, and each is proved buildable and runnable with plain Maven
 * by {@link RealProjectsIT} before the runner is tested against it.
 *
 * <p>Every app is an HTTP server on 127.0.0.1 whose port comes from where its kind reads it:
 * {@code PORT} for the plain apps, {@code SERVER_PORT} for Spring Boot, {@code MICRONAUT_SERVER_PORT}
 * for Micronaut. See {@link Project#portEnv()}.
 */
final class RealProjects {
  private RealProjects() {}

  /**
   * One generated project. {@code app} is the module that runs (the root itself for a
   * single-module project); {@code mainClass} is the class a user would expect to run;
   * {@code portEnv} the environment variable the app takes its port from.
   */
  record Project(Path root, Path app, String mainClass, String portEnv) {
    /** A file of the app module, e.g. {@code app.file("src/main/java/...")}. */
    Path file(String relative) {
      return app.resolve(relative);
    }

    /** The source file of the main class. */
    Path mainSource() {
      return app.resolve(sourcePath(mainClass));
    }
  }

  /** Two modules, lib (Lombok, MapStruct) and app: see {@link ReactorProject}. */
  static Project reactor(Path dir) {
    return ReactorProject.write(dir);
  }

  /** Spring Boot 4.0.7 web app: see {@link FrameworkProjects#springBoot}. */
  static Project springBoot(Path dir) {
    return FrameworkProjects.springBoot(dir);
  }

  /** Micronaut 4.10.8 app: see {@link FrameworkProjects#micronaut}. */
  static Project micronaut(Path dir) {
    return FrameworkProjects.micronaut(dir);
  }

  /** Main class from maven-jar-plugin's manifest: see {@link MainClassProjects}. */
  static Project manifestMain(Path dir) {
    return MainClassProjects.manifest(dir);
  }

  /** Main class from maven-shade-plugin's ManifestResourceTransformer. */
  static Project shadeMain(Path dir) {
    return MainClassProjects.shade(dir);
  }

  /** No main class configured; exactly one class has {@code public static void main}. */
  static Project loneMain(Path dir) {
    return MainClassProjects.lone(dir);
  }

  /** No main class configured and two classes with {@code main}: nothing may be guessed. */
  static Project twoMains(Path dir) {
    return MainClassProjects.two(dir);
  }

  /** The text {@code /} answers in {@link #release17}; a test replaces it with a JDK 21 call. */
  static final String RELEASE17_TEXT = "return \"built for 17\";";

  /**
   * {@code maven.compiler.release} 17 (and exec's mainClass, so only the release is under test).
   * {@code /} answers "built for 17"; {@code /java} the Java version the child runs on.
   */
  static Project release17(Path dir) {
    String main = "com.acme.seventeen.SeventeenApp";
    write(dir, "pom.xml", pom("com.acme", "seventeen", "1.0.0-SNAPSHOT", """
        <properties>
          <maven.compiler.release>17</maven.compiler.release>
          <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
        </properties>
        <build>
          <plugins>
        %s    <plugin>
              <groupId>org.codehaus.mojo</groupId>
              <artifactId>exec-maven-plugin</artifactId>
              <version>3.5.0</version>
              <configuration><mainClass>%s</mainClass></configuration>
            </plugin>
          </plugins>
        </build>
        """.formatted(COMPILER_PLUGIN.indent(4), main)));
    write(dir, sourcePath(main), httpApp(main, Map.of("/", "text()", "/java", "System.getProperty(\"java.version\")"), """
        static String text() {
          %s
        }
        """.formatted(RELEASE17_TEXT)));
    return new Project(dir, dir, main, "PORT");
  }

  /**
   * A pom with no {@code -parameters} anywhere (compiler plugin pinned, nothing set), so javac
   * keeps no parameter names: {@code /param} answers the reflective name of {@code greet}'s
   * parameter, which is {@code arg0} under Maven. {@code /} answers "no parameters".
   */
  static Project noParameters(Path dir) {
    String main = "com.acme.plain.PlainApp";
    write(dir, "pom.xml", pom("com.acme", "plain", "1.0.0-SNAPSHOT", """
        <properties>
          <maven.compiler.release>17</maven.compiler.release>
          <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
        </properties>
        <build>
          <plugins>
        %s    <plugin>
              <groupId>org.codehaus.mojo</groupId>
              <artifactId>exec-maven-plugin</artifactId>
              <version>3.5.0</version>
              <configuration><mainClass>%s</mainClass></configuration>
            </plugin>
          </plugins>
        </build>
        """.formatted(COMPILER_PLUGIN.indent(4), main)));
    write(dir, sourcePath(main), httpApp(main, Map.of(
        "/", "\"no parameters\"",
        "/param", "PlainApp.class.getDeclaredMethod(\"greet\", String.class).getParameters()[0].getName()"), """
        static String greet(String visitor) {
          return "hello " + visitor;
        }
        """));
    return new Project(dir, dir, main, "PORT");
  }

  /** The coordinates {@link #missingDependency} needs and no repository has. */
  static final String MISSING = "com.example.nothere:nothere";

  /** Depends on {@code com.example.nothere:nothere:1.0}, which exists nowhere. */
  static Project missingDependency(Path dir) {
    String main = "com.acme.missing.MissingApp";
    write(dir, "pom.xml", pom("com.acme", "missing", "1.0.0-SNAPSHOT", """
        <properties>
          <maven.compiler.release>17</maven.compiler.release>
          <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
        </properties>
        <dependencies>
          <dependency>
            <groupId>com.example.nothere</groupId>
            <artifactId>nothere</artifactId>
            <version>1.0</version>
          </dependency>
        </dependencies>
        <build>
          <plugins>
        %s    <plugin>
              <groupId>org.codehaus.mojo</groupId>
              <artifactId>exec-maven-plugin</artifactId>
              <version>3.5.0</version>
              <configuration><mainClass>%s</mainClass></configuration>
            </plugin>
          </plugins>
        </build>
        """.formatted(COMPILER_PLUGIN.indent(4), main)));
    write(dir, sourcePath(main), httpApp(main, Map.of("/", "\"unreachable\""), ""));
    return new Project(dir, dir, main, "PORT");
  }
}
