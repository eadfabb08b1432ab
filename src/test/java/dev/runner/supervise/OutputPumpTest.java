package dev.runner.supervise;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputPumpTest {
  private static String pump(byte[] input) {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    new OutputPump(new ByteArrayInputStream(input), new PrintStream(sink, false, UTF_8), "[w1] ").run();
    return sink.toString(UTF_8);
  }

  @Test
  void everyLineGetsThePrefixAndALastLineWithoutNewlineGetsOne() {
    assertEquals("[w1] one\n[w1] \n[w1] two\r\n[w1] three\n", pump("one\n\ntwo\r\nthree".getBytes(UTF_8)));
  }

  @Test
  void aLineWithoutEndIsCutIntoPrefixedLinesOfBoundedLength() {
    byte[] big = "y".repeat(1_000_000).getBytes(UTF_8);
    List<String> lines = pump(big).lines().toList();
    assertTrue(lines.stream().allMatch(l -> l.startsWith("[w1] ") && l.length() <= OutputPump.MAX_LINE + 5));
    assertEquals(1_000_000, lines.stream().mapToInt(l -> l.length() - 5).sum(), "nothing lost");
  }

  @Test
  void aCutNeverSplitsAUtf8Character() {
    for (int shift = 0; shift < 4; shift++) {
      String text = "a".repeat(shift) + "€😀ü".repeat(10_000);
      String out = pump(text.getBytes(UTF_8));
      assertTrue(!out.contains("\uFFFD"), "a split character would have become U+FFFD");
      assertEquals(text, String.join("", out.lines().map(l -> l.substring(5)).toList()));
    }
  }
}
