package dev.runner.it;

import static dev.runner.it.GeneratedProject.pom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.project.Module;
import dev.runner.project.ProjectModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mvn dev.runner:runner:VERSION:model} on projects the tests generate, in the shapes Java
 * teams use: a reactor whose app depends on a library that was never built nor installed, Lombok and
 * MapStruct through annotationProcessorPaths, settings that come from a parent, a main class named
 * in one of the places the frameworks look. Every value asserted is one Maven itself would use.
 */
class ModelGoalIT {
  /** A group of its own per run, so "never installed" can be checked in the local repository. */
  private static final String GROUP = "it.model.g" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  private static Module module(ProjectModel m, String artifactId) {
    return m.module(artifactId).orElseThrow(() -> new AssertionError("module " + artifactId + " in " + m.modules()));
  }

  private static boolean has(List<Path> paths, String fileName) {
    return paths.stream().anyMatch(p -> p.getFileName().toString().equals(fileName));
  }

  @Test
  void aReactorWithAnUnbuiltLibraryLombokMapstructAndAFilteredResource(@TempDir Path tmp) throws Exception {
    GeneratedProject p = new GeneratedProject(tmp)
        .file("pom.xml", pom("""
            <groupId>%s</groupId><artifactId>root</artifactId><version>1.2.3</version><packaging>pom</packaging>
            <modules><module>lib</module><module>app</module></modules>
            <properties>
              <maven.compiler.release>17</maven.compiler.release>
              <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
              <lombok.version>1.18.42</lombok.version>
              <mapstruct.version>1.6.3</mapstruct.version>
            </properties>
            <dependencyManagement><dependencies>
              <dependency><groupId>org.mapstruct</groupId><artifactId>mapstruct-processor</artifactId>
                <version>${mapstruct.version}</version></dependency>
            </dependencies></dependencyManagement>
            <build><pluginManagement><plugins>
              <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId>
                <version>3.13.0</version>
                <configuration><annotationProcessorPaths>
                  <path><groupId>org.projectlombok</groupId><artifactId>lombok</artifactId>
                    <version>${lombok.version}</version></path>
                  <path><groupId>org.mapstruct</groupId><artifactId>mapstruct-processor</artifactId></path>
                </annotationProcessorPaths></configuration></plugin>
            </plugins></pluginManagement></build>
            """.formatted(GROUP)))
        .file("lib/pom.xml", pom("""
            <parent><groupId>%s</groupId><artifactId>root</artifactId><version>1.2.3</version></parent>
            <artifactId>lib</artifactId>
            <dependencies>
              <dependency><groupId>org.mapstruct</groupId><artifactId>mapstruct</artifactId>
                <version>${mapstruct.version}</version></dependency>
              <dependency><groupId>org.projectlombok</groupId><artifactId>lombok</artifactId>
                <version>${lombok.version}</version><scope>provided</scope></dependency>
            </dependencies>
            """.formatted(GROUP)))
        .file("lib/src/main/java/it/lib/Note.java", """
            package it.lib;
            @lombok.Value public class Note { String text; }
            """)
        .file("app/pom.xml", pom("""
            <parent><groupId>%s</groupId><artifactId>root</artifactId><version>1.2.3</version></parent>
            <artifactId>app</artifactId>
            <properties>
              <maven.compiler.parameters>true</maven.compiler.parameters>
              <main.class>it.app.App</main.class>
            </properties>
            <dependencies>
              <dependency><groupId>${project.groupId}</groupId><artifactId>lib</artifactId>
                <version>${project.version}</version></dependency>
              <dependency><groupId>org.projectlombok</groupId><artifactId>lombok</artifactId>
                <version>${lombok.version}</version><scope>provided</scope></dependency>
              <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId>
                <version>5.14.1</version><scope>test</scope></dependency>
            </dependencies>
            <build>
              <resources><resource><directory>src/main/resources</directory><filtering>true</filtering></resource></resources>
              <plugins><plugin><groupId>org.codehaus.mojo</groupId><artifactId>exec-maven-plugin</artifactId>
                <version>3.5.0</version><configuration><mainClass>${main.class}</mainClass></configuration></plugin></plugins>
            </build>
            """.formatted(GROUP)))
        .file("app/src/main/java/it/app/App.java", """
            package it.app;
            public class App { public static void main(String[] args) { System.out.println(new it.lib.Note("hi")); } }
            """)
        .file("app/src/main/resources/app.properties", "version=${project.version}\n");

    ProjectModel m = p.model();

    assertEquals(List.of(GROUP + ":root", GROUP + ":lib", GROUP + ":app"),
        m.modules().stream().map(Module::id).toList(), "modules in reactor order");
    assertEquals(tmp.toRealPath(), m.root().toRealPath());
    Module lib = module(m, "lib");
    Module app = module(m, "app");
    Path libClasses = tmp.resolve("lib/target/classes");
    assertFalse(Files.exists(libClasses), "lib was never built");
    Path installed = Path.of(System.getProperty("user.home"), ".m2", "repository", GROUP.replace('.', '/'));
    assertFalse(Files.exists(installed), "lib was never installed: " + installed);

    assertTrue(app.runtimeClasspath().contains(libClasses), "lib as its output directory: " + app.runtimeClasspath());
    assertTrue(has(app.runtimeClasspath(), "mapstruct-1.6.3.jar"), "lib's own dependency: " + app.runtimeClasspath());
    assertFalse(app.runtimeClasspath().stream().anyMatch(e -> e.getFileName().toString().contains("junit")),
        "no test-scope jar at run time: " + app.runtimeClasspath());
    assertFalse(has(app.runtimeClasspath(), "lombok-1.18.42.jar"), "provided is not at run time");
    assertTrue(has(app.compileClasspath(), "lombok-1.18.42.jar"), "provided Lombok to compile against: "
        + app.compileClasspath());
    assertTrue(app.compileClasspath().contains(libClasses), app.compileClasspath().toString());
    assertFalse(app.compileClasspath().stream().anyMatch(e -> e.getFileName().toString().contains("junit")),
        "no test-scope jar to compile main against: " + app.compileClasspath());
    assertEquals(List.of(GROUP + ":lib"), app.dependsOn());
    assertEquals(List.of(), lib.dependsOn());

    List<Path> processors = lib.processorPath().orElseThrow(() -> new AssertionError("a processor path for lib"));
    assertTrue(has(processors, "lombok-1.18.42.jar"), processors.toString());
    assertTrue(has(processors, "mapstruct-processor-1.6.3.jar"), "version from dependencyManagement's property: "
        + processors);
    assertTrue(processors.stream().allMatch(Files::isRegularFile), "resolved files: " + processors);
    assertEquals(Optional.of("17"), app.compiler().release());
    assertEquals(Optional.of("UTF-8"), app.compiler().encoding());
    assertTrue(app.compiler().parameters(), "maven.compiler.parameters in app");
    assertFalse(lib.compiler().parameters(), "and not in lib");
    assertTrue(app.compiler().debug());
    assertEquals(tmp.resolve("app/target/generated-sources/annotations"), app.generatedSources());
    assertEquals(List.of(tmp.resolve("app/src/main/java")), app.sourceRoots());

    assertEquals(Optional.of("it.app.App"), app.mainClass(), "${main.class} interpolated");
    assertEquals("exec-maven-plugin mainClass", app.mainClassFrom());
    assertEquals(Optional.empty(), lib.mainClass());

    assertEquals("1.2.3", app.filterValues().get("project.version"), app.filterValues().toString());
    assertTrue(app.resources().get(0).filtering());
    assertEquals(List.of("${*}", "@"), app.delimiters());

    assertEquals(3, m.poms().size(), m.poms().toString());
    Path appPom = tmp.resolve("app/pom.xml").toAbsolutePath();
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(appPom))),
        m.poms().get(appPom));
  }

  @Test
  void releaseFromAParentInTheReactorAndMainClassesFromStartClassTheJarManifestAndShade(@TempDir Path tmp)
      throws Exception {
    String parent = "<parent><groupId>" + GROUP + "</groupId><artifactId>parent</artifactId><version>1.0</version>"
        + "<relativePath>../parent</relativePath></parent>";
    GeneratedProject p = new GeneratedProject(tmp)
        .file("pom.xml", pom("""
            <groupId>%s</groupId><artifactId>all</artifactId><version>1.0</version><packaging>pom</packaging>
            <modules><module>parent</module><module>boot</module><module>jar</module><module>shade</module></modules>
            """.formatted(GROUP)))
        // like spring-boot-starter-parent: the jar manifest names ${start-class}, which only some modules set
        .file("parent/pom.xml", pom("""
            <groupId>%s</groupId><artifactId>parent</artifactId><version>1.0</version><packaging>pom</packaging>
            <properties><maven.compiler.release>11</maven.compiler.release></properties>
            <build><pluginManagement><plugins>
              <!-- Maven 3.8's default compiler plugin (3.1) has no release parameter at all -->
              <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId>
                <version>3.13.0</version></plugin>
              <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-jar-plugin</artifactId>
                <version>3.4.2</version>
                <configuration><archive><manifest><mainClass>${start-class}</mainClass></manifest></archive></configuration>
              </plugin>
            </plugins></pluginManagement></build>
            """.formatted(GROUP)))
        .file("boot/pom.xml", pom(parent + """
            <artifactId>boot</artifactId>
            <properties><start-class>it.boot.BootApp</start-class></properties>
            """))
        .file("jar/pom.xml", pom(parent + """
            <artifactId>jar</artifactId>
            <build><plugins><plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-jar-plugin</artifactId>
              <configuration><archive><manifest><mainClass>it.jar.JarMain</mainClass></manifest></archive></configuration>
            </plugin></plugins></build>
            """))
        .file("shade/pom.xml", pom(parent + """
            <artifactId>shade</artifactId>
            <build><plugins><plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-shade-plugin</artifactId>
              <version>3.6.0</version>
              <executions><execution><phase>package</phase><goals><goal>shade</goal></goals><configuration>
                <transformers>
                  <transformer implementation="org.apache.maven.plugins.shade.resource.ServicesResourceTransformer"/>
                  <transformer implementation="org.apache.maven.plugins.shade.resource.ManifestResourceTransformer">
                    <mainClass>it.shade.ShadeMain</mainClass>
                  </transformer>
                </transformers>
              </configuration></execution></executions>
            </plugin></plugins></build>
            """));

    ProjectModel m = p.model();

    for (String name : List.of("boot", "jar", "shade")) {
      assertEquals(Optional.of("11"), module(m, name).compiler().release(), name + ": release from the parent's property");
    }
    assertEquals(Optional.of("it.boot.BootApp"), module(m, "boot").mainClass());
    assertEquals("start-class property", module(m, "boot").mainClassFrom());
    assertEquals(Optional.of("it.jar.JarMain"), module(m, "jar").mainClass());
    assertEquals("maven-jar-plugin manifest", module(m, "jar").mainClassFrom());
    assertEquals(Optional.of("it.shade.ShadeMain"), module(m, "shade").mainClass(),
        "the parent's unresolved ${start-class} names nothing; shade's transformer does");
    assertTrue(module(m, "shade").mainClassFrom().startsWith("maven-shade-plugin"), module(m, "shade").mainClassFrom());
    assertTrue(m.poms().containsKey(tmp.resolve("parent/pom.xml").toAbsolutePath()), m.poms().toString());
    assertEquals(5, m.poms().size(), m.poms().toString());
  }

  @Test
  void aMissingDependencyFailsWithTheArtifactsName(@TempDir Path tmp) throws Exception {
    GeneratedProject p = new GeneratedProject(tmp)
        .file("pom.xml", pom("""
            <groupId>%s</groupId><artifactId>broken</artifactId><version>1.0</version>
            <dependencies>
              <dependency><groupId>it.missing</groupId><artifactId>nowhere-to-be-found</artifactId>
                <version>9.9.9</version></dependency>
            </dependencies>
            """.formatted(GROUP)));

    GeneratedProject.Run r = p.mvn("model");

    assertNotEquals(0, r.status(), r.output());
    assertTrue(r.output().contains("it.missing:nowhere-to-be-found:jar:9.9.9"), "names the artifact:\n" + r.output());
    assertFalse(Files.exists(tmp.resolve("target/runner/model.json")), "no model is written");
  }
}
