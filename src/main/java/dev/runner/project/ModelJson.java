package dev.runner.project;

import dev.runner.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The project model's file ({@code target/runner/model.json}): what the Maven plugin writes and
 * the runner reads. One place knows the format, so the two doors cannot drift apart.
 */
public final class ModelJson {
  /** Bumped whenever the format changes: a runner refuses a model of another format. */
  public static final int FORMAT = 1;

  private ModelJson() {}

  public static String write(ProjectModel m) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("format", m.format());
    o.put("root", m.root().toString());
    Map<String, Object> poms = new LinkedHashMap<>();
    m.poms().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> poms.put(e.getKey().toString(), e.getValue()));
    o.put("poms", poms);
    o.put("javaHome", m.javaHome().toString());
    List<Object> modules = new ArrayList<>();
    for (Module mod : m.modules()) {
      modules.add(module(mod));
    }
    o.put("modules", modules);
    return Json.write(o);
  }

  private static Map<String, Object> module(Module m) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("id", m.id());
    o.put("dir", m.dir().toString());
    o.put("packaging", m.packaging());
    o.put("sourceRoots", strings(m.sourceRoots()));
    o.put("generatedSources", m.generatedSources().toString());
    List<Object> resources = new ArrayList<>();
    for (ResourceRoot r : m.resources()) {
      Map<String, Object> ro = new LinkedHashMap<>();
      ro.put("directory", r.directory().toString());
      ro.put("filtering", r.filtering());
      ro.put("includes", r.includes());
      ro.put("excludes", r.excludes());
      ro.put("targetPath", r.targetPath().orElse(null));
      resources.add(ro);
    }
    o.put("resources", resources);
    o.put("outputDir", m.outputDir().toString());
    o.put("compileClasspath", strings(m.compileClasspath()));
    o.put("runtimeClasspath", strings(m.runtimeClasspath()));
    o.put("processorPath", m.processorPath().map(ModelJson::strings).orElse(null));
    CompilerSettings c = m.compiler();
    Map<String, Object> co = new LinkedHashMap<>();
    co.put("release", c.release().orElse(null));
    co.put("source", c.source().orElse(null));
    co.put("target", c.target().orElse(null));
    co.put("parameters", c.parameters());
    co.put("encoding", c.encoding().orElse(null));
    co.put("args", c.args());
    co.put("proc", c.proc().orElse(null));
    co.put("processors", c.processors());
    co.put("debug", c.debug());
    o.put("compiler", co);
    o.put("mainClass", m.mainClass().orElse(null));
    o.put("mainClassFrom", m.mainClassFrom());
    o.put("jvmArgs", m.jvmArgs());
    o.put("appArgs", m.appArgs());
    o.put("dependsOn", m.dependsOn());
    o.put("filterValues", new TreeMap<>(m.filterValues()));
    o.put("delimiters", m.delimiters());
    return o;
  }

  private static List<String> strings(List<Path> paths) {
    return paths.stream().map(Path::toString).toList();
  }

  /** @throws IllegalArgumentException when the text is not a model of this format */
  public static ProjectModel read(String text) {
    Map<String, Object> o = map(Json.parse(text), "model");
    int format = ((Number) o.getOrDefault("format", 0L)).intValue();
    if (format != FORMAT) {
      throw new IllegalArgumentException("project model of format " + format + ", this runner reads format " + FORMAT
          + " (install the runner's Maven plugin of the same version: mvn install in the runner's checkout)");
    }
    Map<Path, String> poms = new LinkedHashMap<>();
    map(o.get("poms"), "poms").forEach((k, v) -> poms.put(Path.of(k), (String) v));
    List<Module> modules = new ArrayList<>();
    for (Object mo : list(o.get("modules"))) {
      modules.add(module(map(mo, "module")));
    }
    return new ProjectModel(format, path(o.get("root")), poms, path(o.get("javaHome")), modules);
  }

  private static Module module(Map<String, Object> o) {
    List<ResourceRoot> resources = new ArrayList<>();
    for (Object ro : list(o.get("resources"))) {
      Map<String, Object> r = map(ro, "resource");
      resources.add(new ResourceRoot(path(r.get("directory")), Boolean.TRUE.equals(r.get("filtering")),
          strs(r.get("includes")), strs(r.get("excludes")), Optional.ofNullable((String) r.get("targetPath"))));
    }
    Map<String, Object> c = map(o.get("compiler"), "compiler");
    CompilerSettings compiler = new CompilerSettings(opt(c.get("release")), opt(c.get("source")),
        opt(c.get("target")), Boolean.TRUE.equals(c.get("parameters")), opt(c.get("encoding")), strs(c.get("args")),
        opt(c.get("proc")), strs(c.get("processors")), !Boolean.FALSE.equals(c.get("debug")));
    Map<String, String> filterValues = new LinkedHashMap<>();
    if (o.get("filterValues") != null) {
      map(o.get("filterValues"), "filterValues").forEach((k, v) -> filterValues.put(k, String.valueOf(v)));
    }
    return new Module((String) o.get("id"), path(o.get("dir")), (String) o.getOrDefault("packaging", "jar"),
        paths(o.get("sourceRoots")), path(o.get("generatedSources")), resources, path(o.get("outputDir")),
        paths(o.get("compileClasspath")), paths(o.get("runtimeClasspath")),
        o.get("processorPath") == null ? Optional.empty() : Optional.of(paths(o.get("processorPath"))),
        compiler, opt(o.get("mainClass")), (String) o.getOrDefault("mainClassFrom", ""), strs(o.get("jvmArgs")),
        strs(o.get("appArgs")), strs(o.get("dependsOn")), filterValues, strs(o.get("delimiters")));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o, String what) {
    if (!(o instanceof Map)) {
      throw new IllegalArgumentException("project model: " + what + " is not an object");
    }
    return (Map<String, Object>) o;
  }

  private static List<?> list(Object o) {
    return o == null ? List.of() : (List<?>) o;
  }

  private static List<String> strs(Object o) {
    return list(o).stream().map(String::valueOf).toList();
  }

  private static List<Path> paths(Object o) {
    return list(o).stream().map(ModelJson::path).toList();
  }

  private static Path path(Object o) {
    if (!(o instanceof String s)) {
      throw new IllegalArgumentException("project model: a path is missing");
    }
    return Path.of(s);
  }

  private static Optional<String> opt(Object o) {
    return o == null ? Optional.empty() : Optional.of(String.valueOf(o));
  }
}
