package dev.runner.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavacBuildSampleAppTest {
  @TempDir
  Path dir;

  @Test
  void editingGreetingRecompilesItAndItsUsersOnly() throws Exception {
    assumeTrue(JavacBuild.available(), "needs a JDK (javax.tools compiler)");
    SampleAppSources app = SampleAppSources.copy(dir);
    try (JavacBuild build = app.build()) {
      JavacBuild.Result first = build.compile(Set.of());
      assertTrue(first.ok(), String.join("\n", first.diagnostics()));
      assertEquals(app.javaFiles().size(), first.filesCompiled());

      app.setGreeting("Hello from JavacBuild");
      JavacBuild.Result edit = build.compile(Set.of(app.greeting()));
      assertTrue(edit.ok(), String.join("\n", edit.diagnostics()));
      assertFalse(edit.full());
      // sample-app's files change over time; the oracle is "mentions Greeting" (today: SampleApp)
      Set<Path> expected = new HashSet<>(Set.of(app.greeting().toRealPath()));
      for (Path file : app.javaFiles()) {
        if (Pattern.compile("\\bGreeting\\.").matcher(Files.readString(file)).find()) {
          expected.add(file.toRealPath());
        }
      }
      assertEquals(expected, edit.compiled());
      assertEquals("Hello from JavacBuild", greeting(app));
    }
  }

  /** Greeting.text() as a freshly started application would see it. */
  static Object greeting(SampleAppSources app) throws Exception {
    List<URL> urls = new ArrayList<>(List.of(app.classes().toUri().toURL()));
    for (Path jar : app.classpath) {
      urls.add(jar.toUri().toURL());
    }
    try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      return loader.loadClass("dev.runner.sample.Greeting").getMethod("text").invoke(null);
    }
  }
}
