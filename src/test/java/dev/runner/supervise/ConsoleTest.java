package dev.runner.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleTest {
  @Test
  void controlCharactersInARunnerLineAreShownAsQuestionMarks() {
    StringWriter out = new StringWriter();
    Console plain = new Console(new PrintWriter(out), 0, false);
    plain.info("changed src/line\nbreak.java and esc\u001b[2J\tdone\r");
    assertEquals("[runner] changed src/line?break.java and esc?[2J\tdone?" + System.lineSeparator(), out.toString());
  }

  @Test
  void theRunnersOwnColourStays() {
    StringWriter out = new StringWriter();
    new Console(new PrintWriter(out), 0, true).error("bad\u0007name");
    assertEquals("\u001b[31m[runner]\u001b[0m error: bad?name" + System.lineSeparator(), out.toString());
  }

  @Test
  void onlyANonEmptyNoColorTurnsColourOff() {
    assertTrue(Console.colourWanted(Map.of(), true));
    assertTrue(Console.colourWanted(Map.of("NO_COLOR", ""), true), "empty NO_COLOR counts as unset");
    assertFalse(Console.colourWanted(Map.of("NO_COLOR", "1"), true));
    assertFalse(Console.colourWanted(Map.of("NO_COLOR", "0"), true), "any non-empty value, even 0");
    assertFalse(Console.colourWanted(Map.of("TERM", "dumb"), true));
    assertFalse(Console.colourWanted(Map.of(), false), "never into a pipe or file");
  }
}
