package dev.runner.mojo;

import dev.runner.cli.RunnerCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code runner.*} properties to the runner's command line, with the option list taken from the
 * runner's own picocli model, so every option (today's and tomorrow's) has its property:
 * {@code -Drunner.port=8080} is {@code --port=8080}, {@code -Drunner.live-reload=true} is
 * {@code --live-reload}; a list option takes a comma-separated value. {@code runner.jvmArgs} become
 * repeated {@code --jvm-arg}, {@code runner.args} the app's arguments after {@code --}.
 */
final class RunnerArgs {
  static final String PREFIX = "runner.";
  /** Properties of the goals themselves, not options of the runner. */
  static final Set<String> OWN = Set.of("runner.modelFile", "runner.args", "runner.jvmArgs");
  /** Options the goal sets itself. */
  static final Set<String> SET_BY_GOAL = Set.of("model", "exit-with-parent", "maven", "help", "version");

  private RunnerArgs() {}

  /**
   * @param given {@code runner.*} properties given to Maven (-D, user or system): an unknown one is
   *     an error
   * @param fromPom {@code runner.*} properties of the pom: an unknown one is reported to
   *     {@code warn} and skipped (a pom may use the prefix for its own purposes); {@code given} wins
   * @throws IllegalArgumentException naming the property and listing the known ones
   */
  static List<String> of(Map<String, String> given, Map<String, String> fromPom, Consumer<String> warn) {
    Map<String, OptionSpec> options = options();
    Map<String, String> all = new TreeMap<>();
    fromPom.forEach((k, v) -> {
      if (k.startsWith(PREFIX) && !OWN.contains(k) && !options.containsKey(k.substring(PREFIX.length()))) {
        warn.accept("runner:dev ignores the pom's property " + k + ": the runner has no option --"
            + k.substring(PREFIX.length()));
      } else if (k.startsWith(PREFIX)) {
        all.put(k, v);
      }
    });
    given.forEach((k, v) -> {
      if (k.startsWith(PREFIX)) {
        if (SET_BY_GOAL.contains(k.substring(PREFIX.length()))) {
          throw new IllegalArgumentException("-D" + k + ": runner:dev decides --" + k.substring(PREFIX.length())
              + " itself");
        }
        if (!OWN.contains(k) && !options.containsKey(k.substring(PREFIX.length()))) {
          throw new IllegalArgumentException("-D" + k + ": the runner has no option --" + k.substring(PREFIX.length())
              + "; known: " + String.join(", ", options.keySet().stream().map(n -> PREFIX + n).toList())
              + ", " + String.join(", ", OWN.stream().filter(o -> !o.equals("runner.modelFile")).sorted().toList()));
        }
        all.put(k, v);
      }
    });
    List<String> argv = new ArrayList<>();
    all.forEach((k, v) -> {
      String name = k.substring(PREFIX.length());
      OptionSpec o = options.get(name);
      if (o == null) {
        return;
      }
      if (o.typeInfo().isBoolean() || o.arity().max() == 0) {
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false") && !v.isEmpty()) {
          throw new IllegalArgumentException("-D" + k + "=" + v + ": true or false");
        }
        if (!v.equalsIgnoreCase("false")) { // -Drunner.verbose alone means true
          argv.add("--" + name);
        }
      } else if (o.isMultiValue()) {
        for (String one : v.split(",")) {
          if (!one.isBlank()) {
            argv.add("--" + name + "=" + one.strip());
          }
        }
      } else {
        argv.add("--" + name + "=" + v);
      }
    });
    Optional.ofNullable(all.get("runner.jvmArgs"))
        .ifPresent(v -> ShellWords.split(v).forEach(a -> argv.add("--jvm-arg=" + a)));
    Optional.ofNullable(all.get("runner.args")).map(ShellWords::split).filter(a -> !a.isEmpty()).ifPresent(a -> {
      argv.add("--");
      argv.addAll(a);
    });
    return argv;
  }

  /** The runner's options by long name (without dashes), from its picocli model. */
  static Map<String, OptionSpec> options() {
    Map<String, OptionSpec> byName = new TreeMap<>();
    for (OptionSpec o : RunnerCommand.commandLine(Map.of(), Path.of("."), config -> 0).getCommandSpec().options()) {
      String name = o.longestName().replaceFirst("^-+", "");
      if (!SET_BY_GOAL.contains(name) && !o.usageHelp() && !o.versionHelp()) {
        byName.put(name, o);
      }
    }
    return byName;
  }
}
