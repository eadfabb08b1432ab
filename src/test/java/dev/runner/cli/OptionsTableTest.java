package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The README's options table and {@code --help} name the same long options, so neither can drift:
 * an option added to the command without a row, or a row left behind for a removed option, fails.
 */
class OptionsTableTest {
  private static final Pattern LONG_OPTION = Pattern.compile("--[a-z][a-z-]*");

  @Test
  void theReadmesOptionsTableHasARowForEveryOptionOfHelpAndNoOther() throws Exception {
    Set<String> inHelp = new TreeSet<>();
    for (OptionSpec o : RunnerCommand.commandLine(Map.of(), Path.of("."), c -> 0).getCommandSpec().options()) {
      inHelp.add(o.longestName());
    }
    Set<String> inTable = new TreeSet<>();
    for (String row : table(Files.readAllLines(Path.of("README.md")))) {
      Matcher m = LONG_OPTION.matcher(row.split("\\|")[1]);
      while (m.find()) {
        inTable.add(m.group());
      }
    }
    assertTrue(inTable.size() > 10, "the options table was found: " + inTable);
    assertEquals(inHelp, inTable, "long options of --help (expected) against the README's options table");
  }

  /** The rows of the table whose header is "| option | default | what it does |". */
  private static List<String> table(List<String> lines) {
    int header = lines.indexOf("| option | default | what it does |");
    assertTrue(header >= 0, "README.md has the options table");
    int end = header + 2;
    while (end < lines.size() && lines.get(end).startsWith("|")) {
      end++;
    }
    return lines.subList(header + 2, end);
  }
}
