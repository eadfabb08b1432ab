package dev.runner.cli;

import dev.runner.project.Module;
import dev.runner.project.ModelJson;
import dev.runner.project.ProjectModel;
import dev.runner.project.ResourceRoot;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A minimal {@code --model FILE}, so that {@code runner:dev} can be tested end to end before the
 * runner reads the project model for real: the app module's {@code java -cp} command (its plain
 * resource directories and output directory first, then its runtime class path) and the directories
 * {@code --javac} needs. Filtered resources, library modules and the module's own compiler settings
 * are not honoured here; the full model-driven set-up replaces this class.
 */
final class ModelLaunch {
  /** The child command and the directories to watch (sources, then the class path directories). */
  record Launch(List<String> command, List<String> watch) {}

  private ModelLaunch() {}

  /** @throws IllegalArgumentException with a message for the user */
  static Launch of(Path file, Optional<String> moduleName, Optional<String> main, List<String> jvmArgs,
      List<String> appArgs) throws IOException {
    ProjectModel model = ModelJson.read(Files.readString(file, StandardCharsets.UTF_8));
    Module app = moduleName.map(n -> model.module(n).orElseThrow(() -> new IllegalArgumentException(
            "--module " + n + ": no such module in " + file + " (" + String.join(", ",
                model.modules().stream().map(Module::artifactId).toList()) + ")")))
        .or(() -> model.modules().stream().filter(m -> m.mainClass().isPresent()).findFirst())
        .or(() -> model.modules().stream().filter(Module::compiles).reduce((a, b) -> a))
        .orElseThrow(() -> new IllegalArgumentException("--model " + file + ": no module to run"));
    String mainClass = main.or(app::mainClass).orElseThrow(() -> new IllegalArgumentException("--model " + file
        + ": module " + app.id() + " names no main class; pass --main com.example.Main"));
    List<String> cp = new ArrayList<>();
    List<String> watch = new ArrayList<>();
    for (Path src : app.sourceRoots()) {
      if (Files.isDirectory(src)) {
        watch.add(src.toString());
      }
    }
    for (ResourceRoot r : app.resources()) {
      if (r.plain() && Files.isDirectory(r.directory())) {
        cp.add(r.directory().toString());
        watch.add(r.directory().toString());
      }
    }
    Files.createDirectories(app.outputDir());
    cp.add(app.outputDir().toString());
    watch.add(app.outputDir().toString());
    app.runtimeClasspath().forEach(p -> cp.add(p.toString()));
    List<String> command = new ArrayList<>();
    command.add(model.javaHome().resolve("bin").resolve("java").toString());
    command.addAll(app.jvmArgs());
    command.addAll(jvmArgs);
    command.addAll(List.of("-cp", String.join(File.pathSeparator, cp), mainClass));
    command.addAll(app.appArgs());
    command.addAll(appArgs);
    return new Launch(command, watch);
  }
}
