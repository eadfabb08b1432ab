package dev.runner.apps;

import dev.runner.cds.JavaCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The frameworks a {@code java -cp} child has on its class path (by jar name), and what the runner
 * sets for them so that the app works under the runner as written. Nothing is set that the user
 * set already: not in the runner's environment (which the child inherits), nor, for system
 * properties, as a {@code -D} in the command or in the environment's relaxed form
 * ({@code spring.thymeleaf.cache} as {@code SPRING_THYMELEAF_CACHE}).
 *
 * @param springBoot {@code spring-boot-VERSION.jar} is on the class path
 * @param devtools {@code spring-boot-devtools-VERSION.jar} is
 * @param actuator {@code spring-boot-actuator-VERSION.jar} is
 * @param configuredPort a {@code server.port} in an {@code application.properties}, {@code .yml}
 *     or {@code .yaml} at the top (or in {@code config/}) of a class path directory
 */
public record Frameworks(boolean springBoot, boolean devtools, boolean actuator, boolean configuredPort) {
  public static final Frameworks NONE = new Frameworks(false, false, false, false);

  /** The port settings of frameworks that do not read {@code PORT} (Helidon reads SERVER_PORT too). */
  static final List<String> PORT_VARIABLES = List.of("SERVER_PORT", "QUARKUS_HTTP_PORT", "MICRONAUT_SERVER_PORT");

  /**
   * What Spring Boot DevTools turns off in development, set by the runner (DevTools' own defaults
   * apply too when it is on the class path; these cover apps without it): template caches and the
   * static resource chain's cache, so an edited template or file is served as it is now.
   */
  static final List<String> SPRING_NO_CACHE = List.of("spring.thymeleaf.cache=false", "spring.freemarker.cache=false",
      "spring.mustache.servlet.cache=false", "spring.groovy.template.cache=false",
      "spring.web.resources.chain.cache=false", "spring.web.resources.cache.period=0");

  private static final Pattern VERSIONED = Pattern.compile("-\\d[^/]*\\.jar$");

  /** What COMMAND's class path holds; {@link #NONE} for commands that are not {@code java -cp ... MAIN}. */
  public static Frameworks of(List<String> command, Path workDir) {
    return JavaCommand.parse(command, workDir).map(j -> fromClasspath(j.classpath(), workDir)).orElse(NONE);
  }

  static Frameworks fromClasspath(List<String> classpath, Path workDir) {
    boolean boot = false;
    boolean devtools = false;
    boolean actuator = false;
    boolean port = false;
    for (String entry : classpath) {
      String name = Path.of(entry).getFileName() == null ? entry : Path.of(entry).getFileName().toString();
      if (name.endsWith(".jar")) {
        String artifact = VERSIONED.matcher(name).replaceFirst("");
        boot |= artifact.equals("spring-boot");
        devtools |= artifact.equals("spring-boot-devtools");
        actuator |= artifact.equals("spring-boot-actuator");
      } else if (!entry.endsWith("*")) {
        port |= setsServerPort(workDir.resolve(entry));
      }
    }
    return new Frameworks(boot, devtools, actuator, port);
  }

  /** Whether the app's own configuration in this class path directory names its port. */
  static boolean setsServerPort(Path dir) {
    for (String at : List.of("", "config/")) {
      for (String name : List.of("application.properties", "application.yml", "application.yaml")) {
        Path f = dir.resolve(at + name);
        if (Files.isRegularFile(f) && namesServerPort(f, name.endsWith(".properties"))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean namesServerPort(Path f, boolean properties) {
    try {
      List<String> lines = Files.readAllLines(f);
      if (properties) {
        return lines.stream().anyMatch(l -> l.strip().matches("server\\.port\\s*[=:].*"));
      }
      boolean inServer = false; // YAML: "server.port:" or "port:" indented below a top-level "server:"
      for (String l : lines) {
        if (l.isBlank() || l.strip().startsWith("#")) {
          continue;
        }
        if (!Character.isWhitespace(l.charAt(0))) {
          inServer = l.startsWith("server:");
          if (l.startsWith("server.port:")) {
            return true;
          }
        } else if (inServer && l.strip().startsWith("port:")) {
          return true;
        }
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return false; // unreadable: not known to set it
    }
  }

  /** Ready when {@code GET} this answers: Spring Boot Actuator's health endpoint, when Actuator is there. */
  public Optional<String> readyPath() {
    return springBoot && actuator ? Optional.of("/actuator/health") : Optional.empty();
  }

  /**
   * Variables for a child with {@code PORT=port} ({@code port} &le; 0: none), given the environment
   * it inherits. {@code proxied}: the runner proxies to the child, so an app whose own
   * configuration names its port may keep it (the runner finds it); {@code colour}: the runner's
   * output is a terminal that wants colour.
   */
  public Map<String, String> env(Map<String, String> inherited, int port, boolean proxied, boolean colour) {
    Map<String, String> env = new LinkedHashMap<>();
    if (port > 0) {
      for (String v : PORT_VARIABLES) {
        if (!(proxied && configuredPort && v.equals("SERVER_PORT"))) {
          env.put(v, Integer.toString(port));
        }
      }
    }
    if (colour) {
      env.put("SPRING_OUTPUT_ANSI_ENABLED", "ALWAYS"); // Spring Boot colours only what it takes for a terminal
    }
    if (devtools) {
      // the runner is the restarter: DevTools' file watcher and browser live reload stay off; set in the
      // environment, not as -D, so DevTools' restarter still initialises and its development defaults apply
      env.put("SPRING_DEVTOOLS_RESTART_ENABLED", "false");
      env.put("SPRING_DEVTOOLS_LIVERELOAD_ENABLED", "false");
    }
    env.keySet().removeIf(inherited::containsKey);
    return env;
  }

  /** {@code -D} options for a Spring Boot child in development that neither COMMAND nor the environment sets. */
  public List<String> systemProperties(List<String> command, Map<String, String> inherited) {
    List<String> out = new ArrayList<>();
    if (!springBoot) {
      return out;
    }
    for (String setting : SPRING_NO_CACHE) {
      String key = setting.substring(0, setting.indexOf('='));
      boolean inCommand = command.stream().anyMatch(a -> a.startsWith("-D" + key + "=") || a.equals("-D" + key));
      if (!inCommand && !inherited.containsKey(envName(key))) {
        out.add("-D" + setting);
      }
    }
    return out;
  }

  /** Spring's relaxed binding of a property to a variable: {@code spring.web.resources.cache.period} -> SPRING_WEB_... */
  static String envName(String property) {
    return property.replace('.', '_').replace("-", "").toUpperCase(Locale.ROOT);
  }

  /** The port Spring Boot DevTools' own live reload server listens on when it is on. */
  static final int DEVTOOLS_LIVE_RELOAD = 35729;

  private static final Pattern JDWP_ADDRESS = Pattern.compile("(?:-agentlib:jdwp=|-Xrunjdwp:).*address=(?:[^,]*:)?(\\d+)");

  /**
   * Ports a child's tree may listen on that are not where the app serves: a JDWP debugger's (from
   * COMMAND or the JVM's option variables in {@code env}) and DevTools' live reload server.
   */
  public Set<Integer> portsNotTheApps(List<String> command, Map<String, String> env) {
    List<String> all = new ArrayList<>(command);
    for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
      all.addAll(List.of(env.getOrDefault(variable, "").trim().split("\\s+")));
    }
    Set<Integer> ports = new HashSet<>();
    for (String a : all) {
      Matcher m = JDWP_ADDRESS.matcher(a);
      if (m.find()) {
        ports.add(Integer.parseInt(m.group(1)));
      }
    }
    if (devtools) {
      ports.add(DEVTOOLS_LIVE_RELOAD);
    }
    return ports;
  }

  /** COMMAND with {@link #systemProperties} in front of its other options. */
  public List<String> command(List<String> command, Map<String, String> inherited) {
    List<String> extra = systemProperties(command, inherited);
    List<String> out = command;
    for (int i = extra.size() - 1; i >= 0; i--) {
      out = JavaCommand.withFirstOption(out, extra.get(i)).orElse(out);
    }
    return out;
  }
}
