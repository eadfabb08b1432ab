package dev.runner.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WarmJavacTest {
  private static final String RUNNING = Integer.toString(Runtime.version().feature());

  @Test
  void defaultsSuitADevLoop() {
    assertEquals(List.of("-g", "-parameters", "-proc:none", "-implicit:none", "-Xlint:none", "-encoding", "UTF-8",
        "--release", RUNNING), WarmJavac.withDefaults(List.of()));
  }

  @Test
  void aGivenOptionReplacesTheDefaultItDecides() {
    assertEquals(List.of("-parameters", "-proc:none", "-implicit:none", "-encoding", "UTF-8",
        "-g:source,lines", "--release", "11", "-Xlint:all"),
        WarmJavac.withDefaults(List.of("-g:source,lines", "--release", "11", "-Xlint:all")));
    assertEquals(List.of("-g", "-parameters", "-implicit:none", "-Xlint:none", "-encoding", "UTF-8",
        "--release", RUNNING, "-processor", "x.Y"), WarmJavac.withDefaults(List.of("-processor", "x.Y")));
  }
}
