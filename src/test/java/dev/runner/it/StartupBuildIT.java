package dev.runner.it;

import static dev.runner.it.PlainMaven.mvn;
import static dev.runner.it.ProjectFiles.sourcePath;
import static dev.runner.it.ProjectFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.build.ReactorBuild;
import dev.runner.it.RealProjects.Project;
import dev.runner.project.ProjectModel;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * (failsafe) The runner's start-up build right after a real {@code mvn compile} of the reactor of
 * {@link ReactorProject} (real Lombok and MapStruct processors in lib): it compiles only what is
 * out of date against each module's output directory, and the whole module whenever Maven's
 * output cannot be trusted. About 40 s warm.
 */
class StartupBuildIT {
  private static final String APP_PACKAGE = "com.acme.shop.app.";

  @Test
  void afterMavensCompileOnlyWhatIsOutOfDateCompiles(@TempDir Path tmp) throws Exception {
    Project shop = RealProjects.reactor(tmp.resolve("shop"));
    Path app = shop.app();
    write(app, sourcePath(APP_PACKAGE + "Labels"), labels("getName()"));
    write(app, sourcePath(APP_PACKAGE + "Gone"), "package com.acme.shop.app;\n\nclass Gone {}\n");
    write(app, sourcePath(APP_PACKAGE + "Extra"), "package com.acme.shop.app;\n\nclass Extra {}\n");
    Path jar = app.resolve("libs/extra.jar");
    Files.createDirectories(jar.getParent());
    new JarOutputStream(Files.newOutputStream(jar), new Manifest()).close();
    ProjectFiles.replace(app.resolve("pom.xml"), "<dependencies>", """
        <dependencies>
            <dependency>
              <groupId>com.acme.shop</groupId>
              <artifactId>extra</artifactId>
              <version>1</version>
              <scope>system</scope>
              <systemPath>${project.basedir}/libs/extra.jar</systemPath>
            </dependency>""");
    mvn(shop.root(), "-q", "compile").ok();
    assertTrue(Files.isRegularFile(app.resolve("target/maven-status/maven-compiler-plugin/compile/default-compile"
        + "/inputFiles.lst")), "Maven lists the sources it compiled");
    ProjectModel model = new GeneratedProject(shop.root()).model();

    assertEquals(List.of("shop-lib: 0 of 4 sources out of date against target/classes",
        "shop-app: 0 of 4 sources out of date against target/classes"), startUp(model), "right after Maven");
    assertEquals(List.of("shop-lib: up to date (nothing changed since the runner's last compile)",
        "shop-app: up to date (nothing changed since the runner's last compile)"), startUp(model), "the stamps");

    forgetTheRunner(shop);
    write(app, sourcePath(APP_PACKAGE + "Labels"), labels("getPriceCents()"));
    assertEquals(List.of("shop-lib: 0 of 4 sources out of date against target/classes",
        "shop-app: 1 of 4 sources out of date against target/classes (compiled 1)"), startUp(model),
        "one source edited after Maven");
    assertEquals(350, call(model, APP_PACKAGE + "Labels", "tea"), "the Lombok getter resolves");

    ProjectFiles.replace(shop.root().resolve(ReactorProject.CATALOG), ReactorProject.LIB_TEXT, "lib says two");
    assertEquals(List.of("shop-lib: 1 of 4 sources out of date against target/classes (compiled all 4:"
        + " annotation processors run)", "shop-app: 0 of 4 sources out of date against target/classes"),
        startUp(model), "a body-only edit in lib: lib alone");
    assertTrue(Files.isRegularFile(shop.root().resolve("lib/target/generated-sources/annotations/com/acme/shop/lib"
        + "/ProductMapperImpl.java")), "MapStruct's mapper generated again");
    assertEquals("coffee 420", call(model, APP_PACKAGE + "ShopApp", "mapped"));
    assertEquals("lib says two", call(model, "com.acme.shop.lib.Catalog", "motto"));

    Files.delete(app.resolve(sourcePath(APP_PACKAGE + "Gone")));
    assertEquals(List.of("shop-lib: up to date (nothing changed since the runner's last compile)",
        "shop-app: 1 deleted, 0 of 3 sources out of date against target/classes (compiled all 3)"), startUp(model));
    assertFalse(Files.exists(classFile(app, "Gone")), "a deleted source's class file goes");

    deleteTree(app.resolve("target/maven-status"));
    Files.delete(app.resolve(sourcePath(APP_PACKAGE + "Extra")));
    List<String> noList = startUp(model);
    assertTrue(noList.get(1).startsWith("shop-app: full compile: app/src/main/java/com/acme/shop/app changed after"
        + " target/classes was written"), noList.toString());
    assertFalse(Files.exists(classFile(app, "Extra")), "without Maven's list too");

    forgetTheRunner(shop);
    Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis()));
    assertEquals(List.of("shop-lib: 0 of 4 sources out of date against target/classes",
        "shop-app: full compile: extra.jar newer than target/classes (compiled 2)"), startUp(model));
    assertEquals(350, call(model, APP_PACKAGE + "Labels", "tea"));
  }

  private static String labels(String getter) {
    return """
        package com.acme.shop.app;

        import com.acme.shop.lib.Product;

        public final class Labels {
          public static Object tea() {
            return new Product("tea", 350).%s;
          }
        }
        """.formatted(getter);
  }

  /** The runner's start-up build, as {@code -v} tells it: one line per module. */
  private static List<String> startUp(ProjectModel model) throws IOException {
    List<String> lines = new ArrayList<>();
    try (ReactorBuild build = new ReactorBuild(model, lines::add)) {
      ReactorBuild.Result r = build.buildAll();
      assertTrue(r.ok(), r.output());
    }
    return lines;
  }

  /** As if the runner had never run: only Maven's output is left. */
  private static void forgetTheRunner(Project shop) throws IOException {
    for (String module : List.of("lib", "app")) {
      Files.deleteIfExists(shop.root().resolve(module + "/target/runner/javac.stamp"));
    }
  }

  private static Path classFile(Path app, String simpleName) {
    return app.resolve("target/classes/" + (APP_PACKAGE + simpleName).replace('.', '/') + ".class");
  }

  /** {@code className.method()} in a fresh loader over the app's classes and its compile class path. */
  private static Object call(ProjectModel model, String className, String method) throws Exception {
    var app = model.module("shop-app").orElseThrow();
    List<URL> urls = new ArrayList<>(List.of(app.outputDir().toUri().toURL()));
    for (Path p : app.compileClasspath()) {
      urls.add(p.toUri().toURL());
    }
    try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getSystemClassLoader())) {
      Method m = loader.loadClass(className).getDeclaredMethod(method);
      m.setAccessible(true);
      return m.invoke(null);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
