package dev.runner.it;

import static dev.runner.it.ProjectFiles.httpApp;
import static dev.runner.it.ProjectFiles.pom;
import static dev.runner.it.ProjectFiles.sourcePath;

import dev.runner.it.RealProjects.Project;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A two-module reactor as teams lay it out: a root pom (packaging pom) that is the parent of both
 * modules and holds the shared versions, a {@code lib} with Lombok (provided scope and on the
 * processor path) and a MapStruct mapper, and an {@code app} that depends on lib.
 *
 * <p>What the app answers, and which part of the build each answer proves:
 * <ul>
 *   <li>{@code /getter} "tea": a getter only Lombok generates ({@code @Value} on lib's Product);
 *   <li>{@code /mapper} "coffee 420": MapStruct's generated mapper implementation, which maps
 *       Lombok-generated accessors (so the processors must run together, in order);
 *   <li>{@code /param} "sku": the real parameter name, because app (only app) sets
 *       {@code maven.compiler.parameters};
 *   <li>{@code /version} "1.2.3" and {@code /note} "first note": a resource with
 *       {@code <filtering>true</filtering>}; the note comes from a property of app's pom, which a
 *       test changes;
 *   <li>{@code /lib} "lib says one": a plain lib method, which a test edits;
 *   <li>{@code /junit} "absent": junit-jupiter is a test-scope dependency of app and must not be on
 *       the app's class path.
 * </ul>
 * The main class is named only through {@code <mainClass>${main.class}</mainClass>} in
 * exec-maven-plugin.
 */
final class ReactorProject {
  static final String VERSION = "1.2.3";
  static final String MAIN = "com.acme.shop.app.ShopApp";
  static final String LIB_TEXT = "lib says one";
  static final String NOTE = "first note";
  /** lib's class with the method {@code /lib} calls; a test replaces {@link #LIB_TEXT} in it. */
  static final String CATALOG = "lib/" + sourcePath("com.acme.shop.lib.Catalog");

  private ReactorProject() {}

  static Project write(Path root) {
    root(root);
    lib(root.resolve("lib"));
    app(root.resolve("app"));
    return new Project(root, root.resolve("app"), MAIN, "PORT");
  }

  private static void root(Path root) {
    ProjectFiles.write(root, "pom.xml", pom("com.acme.shop", "shop-parent", VERSION, """
        <packaging>pom</packaging>

        <modules>
          <module>lib</module>
          <module>app</module>
        </modules>

        <properties>
          <maven.compiler.release>17</maven.compiler.release>
          <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          <lombok.version>1.18.42</lombok.version>
          <mapstruct.version>1.6.3</mapstruct.version>
        </properties>

        <dependencyManagement>
          <dependencies>
            <dependency>
              <groupId>com.acme.shop</groupId>
              <artifactId>shop-lib</artifactId>
              <version>${project.version}</version>
            </dependency>
            <dependency>
              <groupId>org.mapstruct</groupId>
              <artifactId>mapstruct</artifactId>
              <version>${mapstruct.version}</version>
            </dependency>
            <dependency>
              <groupId>org.projectlombok</groupId>
              <artifactId>lombok</artifactId>
              <version>${lombok.version}</version>
            </dependency>
          </dependencies>
        </dependencyManagement>

        <build>
          <pluginManagement>
            <plugins>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-compiler-plugin</artifactId>
                <version>3.14.0</version>
              </plugin>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-resources-plugin</artifactId>
                <version>3.3.1</version>
              </plugin>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-surefire-plugin</artifactId>
                <version>3.5.2</version>
              </plugin>
              <plugin>
                <groupId>org.codehaus.mojo</groupId>
                <artifactId>exec-maven-plugin</artifactId>
                <version>3.5.0</version>
              </plugin>
            </plugins>
          </pluginManagement>
        </build>
        """));
  }

  private static void lib(Path lib) {
    ProjectFiles.write(lib, "pom.xml", parented("shop-lib", """
        <dependencies>
          <dependency>
            <groupId>org.mapstruct</groupId>
            <artifactId>mapstruct</artifactId>
          </dependency>
          <dependency>
            <groupId>org.projectlombok</groupId>
            <artifactId>lombok</artifactId>
            <scope>provided</scope>
          </dependency>
        </dependencies>

        <build>
          <plugins>
            <plugin>
              <groupId>org.apache.maven.plugins</groupId>
              <artifactId>maven-compiler-plugin</artifactId>
              <configuration>
                <annotationProcessorPaths>
                  <path>
                    <groupId>org.projectlombok</groupId>
                    <artifactId>lombok</artifactId>
                    <version>${lombok.version}</version>
                  </path>
                  <path>
                    <groupId>org.mapstruct</groupId>
                    <artifactId>mapstruct-processor</artifactId>
                    <version>${mapstruct.version}</version>
                  </path>
                  <path>
                    <groupId>org.projectlombok</groupId>
                    <artifactId>lombok-mapstruct-binding</artifactId>
                    <version>0.2.0</version>
                  </path>
                </annotationProcessorPaths>
              </configuration>
            </plugin>
          </plugins>
        </build>
        """));
    ProjectFiles.write(lib, sourcePath("com.acme.shop.lib.Product"), """
        package com.acme.shop.lib;

        import lombok.Value;

        /** Immutable: Lombok writes the constructor and the getters. */
        @Value
        public class Product {
          String name;
          int priceCents;
        }
        """);
    ProjectFiles.write(lib, sourcePath("com.acme.shop.lib.ProductDto"), """
        package com.acme.shop.lib;

        import lombok.Getter;
        import lombok.NoArgsConstructor;
        import lombok.Setter;

        @Getter
        @Setter
        @NoArgsConstructor
        public class ProductDto {
          private String title;
          private int priceCents;
        }
        """);
    ProjectFiles.write(lib, sourcePath("com.acme.shop.lib.ProductMapper"), """
        package com.acme.shop.lib;

        import org.mapstruct.Mapper;
        import org.mapstruct.Mapping;
        import org.mapstruct.factory.Mappers;

        @Mapper
        public interface ProductMapper {
          ProductMapper INSTANCE = Mappers.getMapper(ProductMapper.class);

          @Mapping(source = "name", target = "title")
          ProductDto toDto(Product product);
        }
        """);
    ProjectFiles.write(lib, sourcePath("com.acme.shop.lib.Catalog"), """
        package com.acme.shop.lib;

        public final class Catalog {
          private Catalog() {}

          public static String motto() {
            return "%s";
          }
        }
        """.formatted(LIB_TEXT));
  }

  private static void app(Path app) {
    ProjectFiles.write(app, "pom.xml", parented("shop-app", """
        <properties>
          <maven.compiler.parameters>true</maven.compiler.parameters>
          <main.class>%s</main.class>
          <shop.note>%s</shop.note>
        </properties>

        <dependencies>
          <dependency>
            <groupId>com.acme.shop</groupId>
            <artifactId>shop-lib</artifactId>
          </dependency>
          <dependency>
            <groupId>org.junit.jupiter</groupId>
            <artifactId>junit-jupiter</artifactId>
            <version>5.11.4</version>
            <scope>test</scope>
          </dependency>
        </dependencies>

        <build>
          <resources>
            <resource>
              <directory>src/main/resources</directory>
              <filtering>true</filtering>
            </resource>
          </resources>
          <plugins>
            <plugin>
              <groupId>org.codehaus.mojo</groupId>
              <artifactId>exec-maven-plugin</artifactId>
              <configuration>
                <mainClass>${main.class}</mainClass>
              </configuration>
            </plugin>
          </plugins>
        </build>
        """.formatted(MAIN, NOTE)));
    ProjectFiles.write(app, "src/main/resources/shop.properties", """
        version=${project.version}
        note=${shop.note}
        """);
    Map<String, String> routes = new LinkedHashMap<>();
    routes.put("/getter", "new Product(\"tea\", 350).getName()");
    routes.put("/mapper", "mapped()");
    routes.put("/param", "ShopApp.class.getDeclaredMethod(\"price\", String.class, int.class).getParameters()[0].getName()");
    routes.put("/version", "settings().getProperty(\"version\")");
    routes.put("/note", "settings().getProperty(\"note\")");
    routes.put("/lib", "Catalog.motto()");
    routes.put("/junit", "onClassPath(\"org.junit.jupiter.api.Test\") ? \"present\" : \"absent\"");
    String source = httpApp(MAIN, routes, """
        static String mapped() {
          ProductDto dto = ProductMapper.INSTANCE.toDto(new Product("coffee", 420));
          return dto.getTitle() + " " + dto.getPriceCents();
        }

        static int price(String sku, int quantity) {
          return sku.length() * quantity;
        }

        static java.util.Properties settings() throws IOException {
          java.util.Properties p = new java.util.Properties();
          try (var in = ShopApp.class.getResourceAsStream("/shop.properties")) {
            p.load(in);
          }
          return p;
        }

        static boolean onClassPath(String name) {
          try {
            Class.forName(name, false, ShopApp.class.getClassLoader());
            return true;
          } catch (ClassNotFoundException e) {
            return false;
          }
        }
        """);
    ProjectFiles.write(app, sourcePath(MAIN), source.replace("import java.io.IOException;\n",
        "import com.acme.shop.lib.Catalog;\nimport com.acme.shop.lib.Product;\nimport com.acme.shop.lib.ProductDto;\n"
            + "import com.acme.shop.lib.ProductMapper;\nimport java.io.IOException;\n"));
  }

  private static String parented(String artifactId, String body) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0"
                 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                 xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>com.acme.shop</groupId>
            <artifactId>shop-parent</artifactId>
            <version>%s</version>
          </parent>
          <artifactId>%s</artifactId>
        %s</project>
        """.formatted(VERSION, artifactId, body.indent(2));
  }
}
