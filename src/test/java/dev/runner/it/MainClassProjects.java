package dev.runner.it;

import static dev.runner.it.ProjectFiles.COMPILER_PLUGIN;
import static dev.runner.it.ProjectFiles.httpApp;
import static dev.runner.it.ProjectFiles.pom;
import static dev.runner.it.ProjectFiles.sourcePath;
import static dev.runner.it.ProjectFiles.write;

import dev.runner.it.RealProjects.Project;
import java.nio.file.Path;
import java.util.Map;

/**
 * Single-module projects that differ only in where their main class is named: in a jar manifest,
 * in a shade transformer, nowhere (one {@code main} in the module), or nowhere with two candidates.
 * Each app answers {@code /} with the text {@link #served} gives, so a test knows which main ran.
 */
final class MainClassProjects {
  static final String TWO_ALPHA = "com.acme.two.AlphaServer";
  static final String TWO_BETA = "com.acme.two.tools.BetaServer";

  private MainClassProjects() {}

  /** What {@code /} answers in the project named {@code artifactId}. */
  static String served(String artifactId) {
    return "main class of " + artifactId;
  }

  /** maven-jar-plugin {@code archive/manifest/mainClass}: {@code java -jar} runs it. */
  static Project manifest(Path dir) {
    return single(dir, "from-manifest", "com.acme.manifest.ManifestServer", """
        <plugin>
          <groupId>org.apache.maven.plugins</groupId>
          <artifactId>maven-jar-plugin</artifactId>
          <version>3.4.2</version>
          <configuration>
            <archive>
              <manifest>
                <mainClass>com.acme.manifest.ManifestServer</mainClass>
              </manifest>
            </archive>
          </configuration>
        </plugin>
        """);
  }

  /** maven-shade-plugin with a ManifestResourceTransformer: the shaded jar runs with {@code java -jar}. */
  static Project shade(Path dir) {
    return single(dir, "from-shade", "com.acme.shade.ShadeServer", """
        <plugin>
          <groupId>org.apache.maven.plugins</groupId>
          <artifactId>maven-shade-plugin</artifactId>
          <version>3.6.0</version>
          <executions>
            <execution>
              <phase>package</phase>
              <goals>
                <goal>shade</goal>
              </goals>
              <configuration>
                <transformers>
                  <transformer implementation="org.apache.maven.plugins.shade.resource.ManifestResourceTransformer">
                    <mainClass>com.acme.shade.ShadeServer</mainClass>
                  </transformer>
                </transformers>
              </configuration>
            </execution>
          </executions>
        </plugin>
        """);
  }

  /**
   * Nothing configured; {@code com.acme.lone.server.LoneServer} is the only class with
   * {@code public static void main(String[])}. Beside it, a class whose static method is called
   * {@code main} but takes and returns something else, which is no entry point.
   */
  static Project lone(Path dir) {
    Project p = single(dir, "lone-main", "com.acme.lone.server.LoneServer", "");
    write(dir, sourcePath("com.acme.lone.Labels"), """
        package com.acme.lone;

        /** Not an entry point: a static method that happens to be called main. */
        public final class Labels {
          private Labels() {}

          public static String main(String label) {
            return label.toUpperCase();
          }
        }
        """);
    return p;
  }

  /** Nothing configured and two classes with a {@code main}: {@link #TWO_ALPHA} and {@link #TWO_BETA}. */
  static Project two(Path dir) {
    Project p = single(dir, "two-mains", TWO_ALPHA, "");
    write(dir, sourcePath(TWO_BETA), httpApp(TWO_BETA, Map.of("/", "\"beta\""), ""));
    return p;
  }

  private static Project single(Path dir, String artifactId, String main, String plugin) {
    write(dir, "pom.xml", pom("com.acme", artifactId, "1.0.0", """
        <properties>
          <maven.compiler.release>17</maven.compiler.release>
          <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
        </properties>
        <build>
          <plugins>
        %s%s  </plugins>
        </build>
        """.formatted(COMPILER_PLUGIN.indent(4), plugin.indent(4))));
    write(dir, sourcePath(main), httpApp(main, Map.of("/", "\"" + served(artifactId) + "\""), ""));
    return new Project(dir, dir, main, "PORT");
  }
}
