package dev.runner.project;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What maven-compiler-plugin's {@code compile} goal would be configured with for one module, with
 * every property interpolated: the runner's own compiler must produce what {@code mvn compile}
 * produces (class file version, parameter names, generated classes).
 *
 * @param release {@code --release} when the build sets it (it wins over source and target)
 * @param source {@code -source} when no release is set
 * @param target {@code -target} when no release is set
 * @param parameters whether {@code -parameters} is passed
 * @param encoding {@code -encoding}, when the build names one
 * @param args compilerArgs and compilerArgument, in order
 * @param proc {@code -proc:VALUE} when the build sets it ({@code none}, {@code only}, {@code full})
 * @param processors {@code -processor} class names, when the build lists them
 * @param debug whether {@code -g} is passed (Maven's default)
 */
public record CompilerSettings(Optional<String> release, Optional<String> source, Optional<String> target,
    boolean parameters, Optional<String> encoding, List<String> args, Optional<String> proc,
    List<String> processors, boolean debug) {
  public CompilerSettings {
    args = List.copyOf(args);
    processors = List.copyOf(processors);
    proc.ifPresent(p -> {
      if (!List.of("none", "only", "full").contains(p)) {
        throw new IllegalArgumentException("proc must be none, only or full, not '" + p + "'");
      }
    });
  }

  /** javac's options for these settings (without class path, processor path and output directories). */
  public List<String> javacOptions() {
    List<String> o = new ArrayList<>();
    if (debug) {
      o.add("-g");
    }
    if (parameters) {
      o.add("-parameters");
    }
    encoding.ifPresent(e -> o.addAll(List.of("-encoding", e)));
    if (release.isPresent()) {
      o.addAll(List.of("--release", release.get()));
    } else {
      source.ifPresent(s -> o.addAll(List.of("-source", s)));
      target.ifPresent(t -> o.addAll(List.of("-target", t)));
    }
    proc.ifPresent(p -> o.add("-proc:" + p));
    if (!processors.isEmpty()) {
      o.addAll(List.of("-processor", String.join(",", processors)));
    }
    o.addAll(args);
    return o;
  }
}
