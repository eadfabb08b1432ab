package dev.runner.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code runner.properties} in the working directory: option defaults for a project, so a team can
 * check in how its server runs and type just {@code runner}. One {@code key = value} per line,
 * keys are the long option names without dashes ({@code port = 8080}, {@code javac = true}), lists
 * are comma-separated ({@code watch = src/main/java, target/classes}), {@code command} is split at
 * spaces, {@code #} starts a comment. A key the runner does not know is an error naming the line,
 * so a typo never silently does nothing.
 */
final class ConfigFile {
  static final String NAME = "runner.properties";

  static final Set<String> KEYS = Set.of("watch", "include", "exclude", "build", "javac", "source", "debounce",
      "debounce-max", "grace", "port", "host", "workers", "no-proxy", "hold-timeout", "max-requests",
      "max-requests-jitter", "timeout-start", "timeout-notify", "no-cds", "no-standby", "live-reload", "hotswap", "maven", "model", "module", "main", "jvm-arg", "exit-with-parent", "no-reload",
      "verbose", "quiet", "command", "poll", "ready-path", "no-restart");

  /** A value and the line it came from, for error messages. */
  record Entry(String value, int line) {}

  private final Path file;
  private final Map<String, Entry> entries;

  private ConfigFile(Path file, Map<String, Entry> entries) {
    this.file = file;
    this.entries = entries;
  }

  static ConfigFile none() {
    return new ConfigFile(null, Map.of());
  }

  /** Reads {@code dir/runner.properties} if there is one. */
  static ConfigFile load(Path dir) {
    Path file = dir.resolve(NAME);
    if (!Files.isRegularFile(file)) {
      return none();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(NAME + ": cannot read: " + e.getMessage());
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(NAME + ":" + (i + 1) + ": expected 'key = value', got '" + line + "'");
      }
      String key = line.substring(0, eq).strip();
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(NAME + ":" + (i + 1) + ": unknown key '" + key + "' (keys are the long"
            + " option names without dashes, e.g. port, watch, javac; see runner --help)");
      }
      if (entries.containsKey(key)) {
        throw new IllegalArgumentException(NAME + ":" + (i + 1) + ": '" + key + "' given twice (also on line "
            + entries.get(key).line() + ")");
      }
      String value = line.substring(eq + 1).strip();
      if (value.isEmpty() && !key.equals("maven")) { // "maven =" alone means the working directory
        throw new IllegalArgumentException(NAME + ":" + (i + 1) + ": '" + key + "' has no value (leave the"
            + " line out for the default)");
      }
      entries.put(key, new Entry(value, i + 1));
    }
    return new ConfigFile(file, entries);
  }

  Optional<String> get(String key) {
    Entry e = entries.get(key);
    return e == null ? Optional.empty() : Optional.of(e.value());
  }

  /** Where a key's value came from: {@code runner.properties:3 (port)}. */
  String where(String key) {
    Entry e = entries.get(key);
    return NAME + ":" + (e == null ? "?" : e.line()) + " (" + key + ")";
  }

  List<String> list(String key) {
    return get(key).map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(x -> !x.isEmpty())
        .toList()).orElse(List.of());
  }

  /** A flag: true, false, yes, no, on, off. */
  boolean flag(String key) {
    Optional<String> v = get(key);
    if (v.isEmpty()) {
      return false;
    }
    return switch (v.get().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new IllegalArgumentException(where(key) + ": '" + v.get() + "' is not true or false");
    };
  }

  boolean present() {
    return file != null;
  }
}
