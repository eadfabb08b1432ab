package dev.runner.mojo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * The main class, JVM options and program arguments a module's build names, in the order the
 * frameworks' own run goals look: exec-maven-plugin ({@code mainClass}, or the {@code exec.mainClass}
 * property Micronaut's templates set), spring-boot-maven-plugin ({@code mainClass}, or the
 * {@code start-class} property), then the {@code Main-Class} of maven-jar-plugin's or
 * maven-shade-plugin's manifest. A value that still holds an unresolved {@code ${...}} (a parent's
 * {@code ${start-class}} nobody set) names nothing. When none is named, the runner looks in the
 * sources.
 */
final class MainClasses {
  static final String EXEC = "org.codehaus.mojo:exec-maven-plugin";
  static final String SPRING_BOOT = "org.springframework.boot:spring-boot-maven-plugin";
  static final String JAR = "org.apache.maven.plugins:maven-jar-plugin";
  static final String SHADE = "org.apache.maven.plugins:maven-shade-plugin";

  /** @param from where the class was named, for the runner's messages */
  record Found(Optional<String> mainClass, String from, List<String> jvmArgs, List<String> appArgs) {}

  private MainClasses() {}

  /**
   * @param config wraps a plugin configuration with the module's expression evaluator
   * @param evaluator the module's expression evaluator, for properties
   */
  static Found of(MavenProject project, Function<Xpp3Dom, MojoConfig> config, MojoConfig evaluator) {
    Function<String, Optional<String>> property = name -> named(Optional.ofNullable(evaluator.evaluate("${" + name + "}")));
    Optional<MojoConfig> execJava = configs(project, EXEC, config).stream()
        .filter(c -> named(c.string("mainClass")).isPresent()).findFirst();
    List<MojoConfig> boot = configs(project, SPRING_BOOT, config);
    List<String> jvmArgs = new ArrayList<>();
    List<String> appArgs = new ArrayList<>();
    if (!boot.isEmpty()) {
      boot.stream().flatMap(c -> c.string("jvmArguments").stream()).findFirst()
          .or(() -> property.apply("spring-boot.run.jvmArguments"))
          .ifPresent(s -> jvmArgs.addAll(Arrays.asList(s.strip().split("\\s+"))));
      boot.stream().map(c -> c.list("arguments")).filter(l -> !l.isEmpty()).findFirst().ifPresent(appArgs::addAll);
    } else {
      configs(project, EXEC, config).stream().filter(c -> c.string("executable").isEmpty())
          .filter(c -> c.child("arguments").isPresent() || c.string("commandlineArgs").isPresent()).findFirst()
          .ifPresent(c -> {
            appArgs.addAll(c.list("arguments"));
            c.string("commandlineArgs").ifPresent(s -> appArgs.addAll(ShellWords.split(s)));
          });
    }
    record Source(String from, Optional<String> value) {}
    List<Supplier<Source>> order = List.of(
        () -> new Source("exec-maven-plugin mainClass", execJava.flatMap(c -> c.string("mainClass"))),
        () -> new Source("exec.mainClass property", property.apply("exec.mainClass")),
        () -> new Source("spring-boot-maven-plugin mainClass", first(boot, c -> c.string("mainClass"))),
        () -> new Source("start-class property", property.apply("start-class")),
        () -> new Source("maven-jar-plugin manifest", first(configs(project, JAR, config),
            c -> c.child("archive").flatMap(a -> a.child("manifest")).flatMap(m -> m.string("mainClass")))),
        () -> new Source("maven-shade-plugin ManifestResourceTransformer", first(configs(project, SHADE, config),
            MainClasses::shadeMain)));
    for (var s : order) {
      Source found = s.get();
      Optional<String> main = named(found.value());
      if (main.isPresent()) {
        return new Found(main, found.from(), jvmArgs, appArgs);
      }
    }
    return new Found(Optional.empty(), "", jvmArgs, appArgs);
  }

  private static Optional<String> shadeMain(MojoConfig c) {
    return c.child("transformers").stream().flatMap(t -> t.children().stream())
        .filter(t -> t.attribute("implementation").orElse("").endsWith("ManifestResourceTransformer"))
        .flatMap(t -> named(t.string("mainClass")).stream()).findFirst();
  }

  private static Optional<String> first(List<MojoConfig> configs, Function<MojoConfig, Optional<String>> get) {
    return configs.stream().flatMap(c -> named(get.apply(c)).stream()).findFirst();
  }

  private static Optional<String> named(Optional<String> value) {
    return value.map(String::strip).filter(v -> !v.isEmpty() && !v.contains("${"));
  }

  /**
   * A plugin's configuration at plugin level, then each execution's (Maven has already merged the
   * plugin level into every execution's, and pluginManagement into both).
   */
  static List<MojoConfig> configs(MavenProject project, String key, Function<Xpp3Dom, MojoConfig> config) {
    Plugin p = project.getPlugin(key);
    if (p == null) {
      return List.of();
    }
    List<MojoConfig> out = new ArrayList<>();
    if (p.getConfiguration() instanceof Xpp3Dom d) {
      out.add(config.apply(d));
    }
    for (PluginExecution e : p.getExecutions()) {
      if (e.getConfiguration() instanceof Xpp3Dom d) {
        out.add(config.apply(d));
      }
    }
    return out;
  }
}
