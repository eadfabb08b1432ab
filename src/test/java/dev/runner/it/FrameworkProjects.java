package dev.runner.it;

import static dev.runner.it.ProjectFiles.sourcePath;
import static dev.runner.it.ProjectFiles.write;

import dev.runner.it.RealProjects.Project;
import java.nio.file.Path;

/**
 * A Spring Boot and a Micronaut app in the shape their own project generators give them, since
 * that shape is what breaks a naive runner: the main class and the compiler settings live in a
 * parent pom, and Micronaut's routes exist only as classes its annotation processors generate.
 */
final class FrameworkProjects {
  /** The controller's greeting; a test replaces it. */
  static final String SPRING_GREETING = "Hello, ";
  static final String SPRING_CONTROLLER = "com.acme.greet.web.HelloController";
  static final String MICRONAUT_CONTROLLER = "com.acme.mn.GreetController";
  static final String MICRONAUT_TEXT = "micronaut says hi";
  /** Where a test adds a method to {@link #MICRONAUT_CONTROLLER}: just before its last brace. */
  static final String MICRONAUT_CONTROLLER_END = "  // more routes here\n}";

  private FrameworkProjects() {}

  /**
   * spring-boot-starter-parent 4.0.7 and starter-web (plus starter-test, test scope, as Spring
   * Initializr adds it). {@code GET /hello/{name}} answers "Hello, NAME!" through a
   * {@code @PathVariable} without an explicit name, which resolves only when the classes keep
   * their parameter names ({@code -parameters}, which the Boot parent sets). The main class is
   * named nowhere: only {@code @SpringBootApplication} marks it (spring-boot-maven-plugin is there,
   * without {@code mainClass}), and it is not the only class in the module. Port: {@code SERVER_PORT}.
   */
  static Project springBoot(Path dir) {
    String main = "com.acme.greet.GreetApplication";
    write(dir, "pom.xml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0"
                 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                 xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>org.springframework.boot</groupId>
            <artifactId>spring-boot-starter-parent</artifactId>
            <version>4.0.7</version>
            <relativePath/>
          </parent>
          <groupId>com.acme</groupId>
          <artifactId>greet</artifactId>
          <version>0.0.1-SNAPSHOT</version>
          <name>greet</name>

          <properties>
            <java.version>17</java.version>
          </properties>

          <dependencies>
            <dependency>
              <groupId>org.springframework.boot</groupId>
              <artifactId>spring-boot-starter-web</artifactId>
            </dependency>
            <dependency>
              <groupId>org.springframework.boot</groupId>
              <artifactId>spring-boot-starter-test</artifactId>
              <scope>test</scope>
            </dependency>
          </dependencies>

          <build>
            <plugins>
              <plugin>
                <groupId>org.springframework.boot</groupId>
                <artifactId>spring-boot-maven-plugin</artifactId>
              </plugin>
            </plugins>
          </build>
        </project>
        """);
    write(dir, sourcePath(main), """
        package com.acme.greet;

        import org.springframework.boot.SpringApplication;
        import org.springframework.boot.autoconfigure.SpringBootApplication;

        @SpringBootApplication
        public class GreetApplication {
          public static void main(String[] args) {
            SpringApplication.run(GreetApplication.class, args);
          }
        }
        """);
    write(dir, sourcePath(SPRING_CONTROLLER), """
        package com.acme.greet.web;

        import org.springframework.web.bind.annotation.GetMapping;
        import org.springframework.web.bind.annotation.PathVariable;
        import org.springframework.web.bind.annotation.RestController;

        @RestController
        public class HelloController {
          @GetMapping("/hello/{name}")
          public String hello(@PathVariable String name) {
            return "%s" + name + "!";
          }
        }
        """.formatted(SPRING_GREETING));
    write(dir, "src/main/resources/application.properties", "spring.application.name=greet\n");
    return new Project(dir, dir, main, "SERVER_PORT");
  }

  /**
   * io.micronaut.platform:micronaut-parent 4.10.8 as Micronaut Launch lays a Maven project out:
   * the main class in the {@code exec.mainClass} property, micronaut-inject-java on the processor
   * path from the parent's pluginManagement, and the project appending micronaut-http-validation
   * and micronaut-serde-processor to it ({@code combine.children="append"}). {@code GET /greet}
   * answers "micronaut says hi". Port: {@code MICRONAUT_SERVER_PORT}.
   */
  static Project micronaut(Path dir) {
    String main = "com.acme.mn.Application";
    write(dir, "pom.xml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0"
                 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                 xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>io.micronaut.platform</groupId>
            <artifactId>micronaut-parent</artifactId>
            <version>4.10.8</version>
          </parent>
          <groupId>com.acme</groupId>
          <artifactId>mn</artifactId>
          <version>0.1</version>
          <packaging>${packaging}</packaging>

          <properties>
            <packaging>jar</packaging>
            <jdk.version>17</jdk.version>
            <release.version>17</release.version>
            <micronaut.version>4.10.8</micronaut.version>
            <micronaut.runtime>netty</micronaut.runtime>
            <exec.mainClass>%s</exec.mainClass>
          </properties>

          <dependencies>
            <dependency>
              <groupId>io.micronaut</groupId>
              <artifactId>micronaut-http-server-netty</artifactId>
              <scope>compile</scope>
            </dependency>
            <dependency>
              <groupId>io.micronaut.serde</groupId>
              <artifactId>micronaut-serde-jackson</artifactId>
              <scope>compile</scope>
            </dependency>
            <dependency>
              <groupId>ch.qos.logback</groupId>
              <artifactId>logback-classic</artifactId>
              <scope>runtime</scope>
            </dependency>
          </dependencies>

          <build>
            <plugins>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-compiler-plugin</artifactId>
                <configuration>
                  <annotationProcessorPaths combine.children="append">
                    <path>
                      <groupId>io.micronaut</groupId>
                      <artifactId>micronaut-http-validation</artifactId>
                      <version>${micronaut.core.version}</version>
                    </path>
                    <path>
                      <groupId>io.micronaut.serde</groupId>
                      <artifactId>micronaut-serde-processor</artifactId>
                      <version>${micronaut.serialization.version}</version>
                      <exclusions>
                        <exclusion>
                          <groupId>io.micronaut</groupId>
                          <artifactId>micronaut-inject</artifactId>
                        </exclusion>
                      </exclusions>
                    </path>
                  </annotationProcessorPaths>
                  <compilerArgs>
                    <arg>-Amicronaut.processing.group=com.acme.mn</arg>
                    <arg>-Amicronaut.processing.module=mn</arg>
                  </compilerArgs>
                </configuration>
              </plugin>
            </plugins>
          </build>
        </project>
        """.formatted(main));
    write(dir, sourcePath(main), """
        package com.acme.mn;

        import io.micronaut.runtime.Micronaut;

        public class Application {
          public static void main(String[] args) {
            Micronaut.run(Application.class, args);
          }
        }
        """);
    write(dir, sourcePath(MICRONAUT_CONTROLLER), """
        package com.acme.mn;

        import io.micronaut.http.MediaType;
        import io.micronaut.http.annotation.Controller;
        import io.micronaut.http.annotation.Get;

        @Controller("/greet")
        public class GreetController {
          @Get(produces = MediaType.TEXT_PLAIN)
          public String index() {
            return "%s";
          }

        %s
        """.formatted(MICRONAUT_TEXT, MICRONAUT_CONTROLLER_END));
    write(dir, "src/main/resources/application.properties", "micronaut.application.name=mn\n");
    write(dir, "src/main/resources/logback.xml", """
        <configuration>
          <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
            <encoder>
              <pattern>%d{HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n</pattern>
            </encoder>
          </appender>
          <root level="info">
            <appender-ref ref="STDOUT"/>
          </root>
        </configuration>
        """);
    return new Project(dir, dir, main, "MICRONAUT_SERVER_PORT");
  }
}
