package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --help} in an 80-column terminal: no line longer than 80, and every wrapped text reads
 * as written. picocli breaks lines itself, and has cut "e.g." into "e." / "g." and "~/.zshrc"
 * after "~/."; a footer line of 82 characters came out as "... 'key =" / "value' a" / "line, ...".
 * The check that catches all of these: joining each option's wrapped lines with single spaces
 * must give back its description word for word, and each footer line must come out unwrapped.
 */
class HelpLayoutTest {
  private static final int WIDTH = 80;
  private static final Pattern OPTION_LINE =
      Pattern.compile("^ {2}(?:-\\w, | {4})(--[\\w-]+)(?:\\[?=[A-Z]+]?)?\\s{2,}(\\S.*)$");
  private static final Pattern CONTINUATION = Pattern.compile("^ {30,}(\\S.*)$");

  private static CommandLine commandLine() {
    CommandLine cl = RunnerCommand.commandLine(Map.of(), Path.of("."), c -> 0);
    cl.setUsageHelpAutoWidth(false);
    cl.setUsageHelpWidth(WIDTH);
    return cl;
  }

  @Test
  void noLineIsWiderThan80Columns() {
    String help = commandLine().getUsageMessage();
    List<String> wide = help.lines().filter(l -> l.length() > WIDTH).toList();
    assertEquals(List.of(), wide, help);
  }

  @Test
  void everyOptionDescriptionWrapsAtSpacesOnly() {
    CommandLine cl = commandLine();
    Map<String, String> shown = optionTexts(cl.getUsageMessage());
    List<String> cut = new ArrayList<>();
    for (OptionSpec o : cl.getCommandSpec().options()) {
      String declared = String.join(" ", o.description()).replaceAll("\\s+", " ").strip();
      String got = shown.get(o.longestName());
      assertTrue(got != null, o.longestName() + " not found in --help:\n" + cl.getUsageMessage());
      if (!declared.equals(got)) {
        cut.add(o.longestName() + ":\n  declared: " + declared + "\n  shown:    " + got);
      }
    }
    assertEquals(List.of(), cut, "an option's description was broken inside a word");
  }

  @Test
  void footerAndSubcommandLinesComeOutAsWritten() {
    CommandLine cl = commandLine();
    List<String> lines = cl.getUsageMessage().lines().toList();
    for (String footer : cl.getCommandSpec().usageMessage().footer()) {
      assertTrue(lines.contains(footer.stripTrailing()), "footer line wrapped or changed: '" + footer + "'");
    }
    int at = lines.indexOf("Commands:");
    assertTrue(at > 0 && lines.get(at - 1).isBlank(), "a blank line before Commands:");
    // each subcommand's entry: its line, then the more indented lines it wrapped onto
    Map<String, StringBuilder> entries = new LinkedHashMap<>();
    StringBuilder current = null;
    for (int i = at + 1; i < lines.size() && !lines.get(i).isBlank(); i++) {
      String line = lines.get(i);
      Matcher m = Pattern.compile("^ {2}(\\S+)\\s").matcher(line);
      if (m.find() && cl.getSubcommands().containsKey(m.group(1))) {
        current = new StringBuilder();
        entries.put(m.group(1), current);
      }
      assertTrue(current != null, "a subcommand's line first: " + line);
      current.append(' ').append(line.strip());
    }
    assertEquals(cl.getSubcommands().keySet(), entries.keySet(), "every subcommand listed once");
    entries.forEach((name, shown) -> {
      String declared = String.join(" ", cl.getSubcommands().get(name).getCommandSpec().usageMessage().description());
      assertEquals(name + " " + declared, shown.toString().strip().replaceAll("\\s+", " "),
          name + "'s description wrapped inside a word or changed");
    });
  }

  /** Each long option's description as shown, its wrapped lines joined with single spaces. */
  private static Map<String, String> optionTexts(String help) {
    Map<String, String> texts = new LinkedHashMap<>();
    String current = null;
    StringBuilder text = new StringBuilder();
    for (String line : help.lines().toList()) {
      Matcher m = OPTION_LINE.matcher(line);
      Matcher c = CONTINUATION.matcher(line);
      if (m.matches()) {
        if (current != null) {
          texts.put(current, text.toString().strip());
        }
        current = m.group(1);
        text = new StringBuilder(m.group(2));
      } else if (current != null && c.matches()) {
        text.append(' ').append(c.group(1));
      } else if (current != null) {
        texts.put(current, text.toString().strip());
        current = null;
      }
    }
    if (current != null) {
      texts.put(current, text.toString().strip());
    }
    texts.replaceAll((k, v) -> v.replaceAll("\\s+", " "));
    return texts;
  }
}
