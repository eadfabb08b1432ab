package dev.runner.build;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.project.CompilerSettings;
import dev.runner.project.Module;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the runner's javac refuses before it compiles a module: releases it cannot honour as Maven would. */
class ModuleJavacTest {
  private static Module module(Optional<String> release, Optional<String> source, Optional<String> target,
      Optional<String> proc) {
    Path dir = Path.of("/work/shop/app");
    CompilerSettings c = new CompilerSettings(release, source, target, false, Optional.empty(), List.of(), proc,
        List.of(), true);
    return new Module("com.acme:app", dir, "jar", List.of(dir.resolve("src/main/java")),
        dir.resolve("target/generated-sources/annotations"), List.of(), dir.resolve("target/classes"), List.of(),
        List.of(), Optional.empty(), c, Optional.empty(), "", List.of(), List.of(), List.of(), Map.of(), List.of());
  }

  @Test
  void aReleaseThisJdkCannotWriteNamesTheJdkToRunOn() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModuleJavac.checkRelease(
        module(Optional.of("25"), Optional.empty(), Optional.empty(), Optional.empty()), 17));
    assertTrue(e.getMessage().contains("release 25") && e.getMessage().contains("run the runner on JDK 25"),
        e.getMessage());
  }

  @Test
  void maven38sDefaultSourceFiveIsRefusedWithWhatToSet() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModuleJavac.checkRelease(
        module(Optional.empty(), Optional.of("1.5"), Optional.of("1.5"), Optional.empty()), 17));
    assertTrue(e.getMessage().contains("com.acme:app compiles for Java 1.5 (the default of maven-compiler-plugin 3.1"),
        e.getMessage());
    assertTrue(e.getMessage().contains("mvn compile on this JDK fails the same way")
        && e.getMessage().contains("maven.compiler.release"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ModuleJavac.checkRelease(
        module(Optional.empty(), Optional.of("7"), Optional.of("7"), Optional.empty()), 21), "JDK 20 dropped 7");
  }

  @Test
  void whatThisJdkStillCompilesForPasses() {
    assertDoesNotThrow(() -> ModuleJavac.checkRelease(
        module(Optional.empty(), Optional.of("7"), Optional.of("7"), Optional.empty()), 17));
    assertDoesNotThrow(() -> ModuleJavac.checkRelease(
        module(Optional.of("17"), Optional.empty(), Optional.empty(), Optional.empty()), 25));
    assertDoesNotThrow(() -> ModuleJavac.checkRelease(
        module(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()), 17));
  }
}
