package dev.runner.bench;

import dev.runner.e2e.SampleAppCopy;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;

/**
 * {@link BootShop} built once with Maven ({@code mvn compile dependency:build-classpath}, runtime
 * scope), so every contestant runs the same classes on the same class path: each gets a copy of
 * the built project ({@link #copy}) and edits only its own. The dependency class path comes
 * without spring-boot-devtools; the DevTools contestant adds {@link #devtoolsJar}.
 */
final class BuiltShop {
  final Path dir;
  /** The runtime dependency jars, spring-boot-devtools left out. */
  final String dependencies;
  final String devtoolsJar;

  private BuiltShop(Path dir, String dependencies, String devtoolsJar) {
    this.dir = dir;
    this.dependencies = dependencies;
    this.devtoolsJar = devtoolsJar;
  }

  static BuiltShop build(Path into) throws IOException, InterruptedException {
    Path dir = into.resolve("shop");
    BootShop.write(dir);
    Process mvn = new ProcessBuilder("mvn", "-q", "-B", "-Dstyle.color=never", "-f", dir.resolve("pom.xml").toString(),
        "compile", "dependency:build-classpath", "-Dmdep.outputFile=target/classpath.txt", "-Dmdep.includeScope=runtime")
        .redirectErrorStream(true).start();
    String out = new String(mvn.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!mvn.waitFor(15, TimeUnit.MINUTES) || mvn.exitValue() != 0) {
      throw new IllegalStateException("mvn compile dependency:build-classpath failed in " + dir + ":\n" + out);
    }
    List<String> jars = Arrays.asList(Files.readString(dir.resolve("target/classpath.txt")).strip()
        .split(File.pathSeparator));
    List<String> devtools = jars.stream().filter(j -> j.contains("spring-boot-devtools")).toList();
    if (devtools.size() != 1) {
      throw new IllegalStateException("one spring-boot-devtools jar on the class path, not " + devtools);
    }
    String deps = String.join(File.pathSeparator, jars.stream().filter(j -> !devtools.contains(j)).toList());
    return new BuiltShop(dir, deps, devtools.get(0));
  }

  /** A copy of the built project (sources, classes) at {@code into}, for one contestant. */
  Path copy(Path into) throws IOException {
    SampleAppCopy.copyTree(dir, into);
    return into;
  }

  /**
   * {@code target/classes} (relative: every contestant runs in its own copy) then the dependencies,
   * and DevTools' jar when asked.
   */
  String classpath(boolean devtools) {
    String cp = "target/classes" + File.pathSeparator + dependencies;
    return devtools ? cp + File.pathSeparator + devtoolsJar : cp;
  }

  /** A HeadlineService.class serving {@code headline}. */
  record Variant(String headline, byte[] bytes) {}

  /**
   * HeadlineService.class for each headline, compiled as the project's build compiles it
   * ({@code --release 17 -parameters}, against its classes and jars) into a directory of its own.
   */
  List<Variant> precompile(Path tmp, List<String> headlines) throws IOException {
    List<Variant> variants = new ArrayList<>();
    for (int k = 0; k < headlines.size(); k++) {
      Path src = tmp.resolve("v" + k).resolve("HeadlineService.java");
      Path out = Files.createDirectories(tmp.resolve("v" + k).resolve("classes"));
      Files.writeString(src, BootShop.headlineSource(headlines.get(k)));
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int rc = ToolProvider.getSystemJavaCompiler().run(null, null, new PrintStream(err, true, StandardCharsets.UTF_8),
          "--release", "17", "-parameters", "-cp", dir.resolve("target/classes") + File.pathSeparator + dependencies, "-d", out.toString(), src.toString());
      if (rc != 0) {
        throw new IllegalStateException("javac failed:\n" + err.toString(StandardCharsets.UTF_8));
      }
      variants.add(new Variant(headlines.get(k),
          Files.readAllBytes(out.resolve(BootShop.EDITED.replace('.', '/') + ".class"))));
    }
    return variants;
  }

  /**
   * Writes the class file into {@code project}'s target/classes whole, as a compiler's output
   * lands: into {@code target/} first (watched by nobody), then renamed over the old one.
   */
  static void writeClass(Path project, Variant v) throws IOException {
    Path next = project.resolve("target/HeadlineService.class.next");
    Files.write(next, v.bytes());
    Files.move(next, project.resolve(BootShop.EDITED_CLASS), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }
}
