package dev.runner.bench;

import dev.runner.e2e.SampleAppCopy;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.ToolProvider;

/**
 * A private, built copy of sample-app for the benchmark (the same as the end-to-end tests'
 * {@code SampleAppCopy}, which is package-private there), with what the by-hand baseline needs:
 * precompiled {@code Greeting.class} variants and the child command {@code ./runner} uses.
 */
final class BenchApp {
  static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  /** The child's flags, as the {@code runner} launcher gives them to sample-app. */
  static final List<String> CHILD_JVM = List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto");
  static final String GREETING = "src/main/java/dev/runner/sample/Greeting.java";
  static final String GREETING_CLASS = "target/classes/dev/runner/sample/Greeting.class";

  final Path dir;
  final String classpath;
  /** Edits made so far: picks the next variant or text, so each edit serves something new. */
  private int edits;

  private BenchApp(Path dir, String classpath) {
    this.dir = dir;
    this.classpath = classpath;
  }

  static BenchApp build(Path into) throws IOException, InterruptedException {
    SampleAppCopy built = SampleAppCopy.build(into);
    return new BenchApp(built.dir, built.classpath);
  }

  /** Another copy of this built app (sources and classes), so scenarios can run side by side. */
  BenchApp copy(Path into) throws IOException {
    Path to = into.resolve("sample-app");
    SampleAppCopy.copyTree(dir, to);
    return new BenchApp(to, classpath);
  }

  /** One edit: the text it makes the app serve, and the write itself (timed from its start). */
  record Edit(String text, Write write) {}

  interface Write {
    void run() throws IOException;
  }

  /** A precompiled Greeting.class and the text it serves. */
  record Variant(String text, byte[] bytes) {}

  /** The next of the variants written over target/classes/.../Greeting.class (never the one served now). */
  Edit classEdit(List<Variant> variants) {
    Variant v = variants.get(edits++ % variants.size());
    return new Edit(v.text(), () -> Files.write(dir.resolve(GREETING_CLASS), v.bytes()));
  }

  /** Greeting.java edited to serve a new text. */
  Edit sourceEdit() throws IOException {
    String text = "bench source " + edits++;
    String source = greetingSource(text);
    return new Edit(text, () -> Files.writeString(dir.resolve(GREETING), source));
  }

  /** Greeting.java with {@code text} as the served line (not written anywhere). */
  String greetingSource(String text) throws IOException {
    return Files.readString(dir.resolve(GREETING)).replaceFirst("return \"[^\"]*\";", "return \"" + text + "\";");
  }

  /** Greeting.class for each text, compiled with javac into a directory of its own under {@code tmp}. */
  List<Variant> precompile(Path tmp, List<String> texts) throws IOException {
    List<Variant> classes = new ArrayList<>();
    for (int k = 0; k < texts.size(); k++) {
      Path src = tmp.resolve("v" + k).resolve("Greeting.java");
      Path out = tmp.resolve("v" + k).resolve("classes");
      Files.createDirectories(out);
      Files.writeString(src, greetingSource(texts.get(k)));
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int rc = ToolProvider.getSystemJavaCompiler().run(null, null, new PrintStream(err, true, StandardCharsets.UTF_8),
          "--release", "17", "-d", out.toString(), src.toString());
      if (rc != 0) {
        throw new IllegalStateException("javac failed:\n" + err.toString(StandardCharsets.UTF_8));
      }
      classes.add(new Variant(texts.get(k), Files.readAllBytes(out.resolve("dev/runner/sample/Greeting.class"))));
    }
    return classes;
  }

  /** {@code java -XX:TieredStopAtLevel=1 -Xshare:auto -cp target/classes:<deps> dev.runner.sample.SampleApp}. */
  List<String> childCommand() {
    List<String> cmd = new ArrayList<>(List.of(JAVA));
    cmd.addAll(CHILD_JVM);
    cmd.addAll(List.of("-cp", dir.resolve("target/classes") + File.pathSeparator + classpath,
        "dev.runner.sample.SampleApp"));
    return cmd;
  }

  /** The options {@code ./runner} uses for sample-app, plus {@code extra} (e.g. -v), for this copy. */
  List<String> runnerArgs(int port, List<String> extra) {
    List<String> args = new ArrayList<>(extra);
    args.addAll(List.of("--port", Integer.toString(port),
        "--watch", dir.resolve("src/main/java").toString(),
        "--watch", dir.resolve("target/classes").toString(),
        "--javac", "--"));
    args.addAll(childCommand());
    return args;
  }
}
