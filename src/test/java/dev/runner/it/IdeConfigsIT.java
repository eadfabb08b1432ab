package dev.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.cds.JavaCommand;
import dev.runner.cli.RunnerCommand;
import dev.runner.config.RunnerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;

/**
 * The shared IDE run configurations ({@code .run/*.run.xml} for IntelliJ IDEA, {@code .vscode/launch.json}
 * for VS Code) point at things that exist and say things the runner accepts: the main class is
 * built, the module/project is this one, the working directory is the repository, and the
 * arguments, parsed by the runner's own command line in-process, give a {@code java -cp ... Main}
 * child whose class path holds sample-app's classes and dependencies and whose class directory and
 * sources are watched (what {@code --javac} needs). Both IDEs run the same command.
 */
class IdeConfigsIT {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final String SAMPLE_MAIN = "dev.runner.sample.SampleApp";

  // ---- IntelliJ IDEA ----

  @Test
  void intellijRunConfigurationsPointAtRealThingsAndTheRunnerAcceptsTheirArguments() throws Exception {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> run = Files.newDirectoryStream(ROOT.resolve(".run"), "*.run.xml")) {
      run.forEach(files::add);
    }
    assertTrue(files.contains(ROOT.resolve(".run/sample-app under runner.run.xml")), "shared config in " + files);
    for (Path file : files) {
      Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
      assertEquals("ProjectRunConfigurationManager", doc.getDocumentElement().getAttribute("name"), file.toString());
      Element conf = only(doc.getDocumentElement(), "configuration", file);
      String where = file.getFileName() + " (" + conf.getAttribute("name") + ")";
      assertEquals("Application", conf.getAttribute("type"), where);
      Map<String, String> options = options(conf);

      assertEquals("dev.runner.Main", options.get("MAIN_CLASS_NAME"), where);
      assertClassBuilt("dev.runner.Main");
      assertEquals(artifactId(ROOT.resolve("pom.xml")), only(conf, "module", file).getAttribute("name"),
          where + ": module is the runner's (IntelliJ names a Maven module after its artifactId)");
      Path workDir = Path.of(intellij(options.get("WORKING_DIRECTORY")));
      assertEquals(ROOT, workDir, where + ": working directory");

      boolean make = false;
      NodeList before = conf.getElementsByTagName("option");
      for (int i = 0; i < before.getLength(); i++) {
        Element o = (Element) before.item(i);
        make |= o.getAttribute("name").equals("Make") && o.getAttribute("enabled").equals("true");
      }
      assertTrue(make, where + ": builds the runner before launch");

      List<String> args = splitIntellij(intellij(options.get("PROGRAM_PARAMETERS")));
      checkLaunch(where, workDir, args);
      if (options.get("VM_PARAMETERS") != null) {
        assertJvmsAcceptQuietly(splitIntellij(options.get("VM_PARAMETERS")), where + ": VM_PARAMETERS");
      }
    }
  }

  // ---- VS Code ----

  @Test
  @SuppressWarnings("unchecked")
  void vscodeLaunchConfigurationsPointAtRealThingsAndTheRunnerAcceptsTheirArguments() throws Exception {
    Map<String, Object> launch = (Map<String, Object>) Jsonc.parse(Files.readString(ROOT.resolve(".vscode/launch.json")));
    List<Object> configurations = (List<Object>) launch.get("configurations");
    assertFalse(configurations.isEmpty(), "launch configurations");
    for (Object o : configurations) {
      Map<String, Object> c = (Map<String, Object>) o;
      String where = "launch.json (" + c.get("name") + ")";
      assertEquals("java", c.get("type"), where);
      assertEquals("launch", c.get("request"), where);
      assertEquals("dev.runner.Main", c.get("mainClass"), where);
      assertClassBuilt("dev.runner.Main");
      assertEquals(artifactId(ROOT.resolve("pom.xml")), c.get("projectName"), where + ": the runner's Maven project");
      Path workDir = Path.of(vscode((String) c.get("cwd")));
      assertEquals(ROOT, workDir, where + ": cwd");
      List<String> args = strings(c.get("args")).stream().map(IdeConfigsIT::vscode).toList();

      checkLaunch(where, workDir, args);
      if (c.get("vmArgs") != null) {
        List<String> vm = c.get("vmArgs") instanceof String s ? splitIntellij(s) : strings(c.get("vmArgs"));
        assertJvmsAcceptQuietly(vm, where + ": vmArgs");
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void bothIdesRunTheSameCommand() throws Exception {
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(ROOT.resolve(".run/sample-app under runner.run.xml").toFile());
    Element conf = (Element) doc.getElementsByTagName("configuration").item(0);
    List<String> idea = splitIntellij(options(conf).get("PROGRAM_PARAMETERS"));
    Map<String, Object> launch = (Map<String, Object>) Jsonc.parse(Files.readString(ROOT.resolve(".vscode/launch.json")));
    Map<String, Object> first = (Map<String, Object>) ((List<Object>) launch.get("configurations")).get(0);
    assertEquals(idea, strings(first.get("args")), "IntelliJ's PROGRAM_PARAMETERS and VS Code's args");
  }

  // ---- the checks both share ----

  /**
   * Parses the arguments with the runner's own command line, with an app that only keeps the config
   * (for --maven that resolves sample-app's class path with Maven, as a real launch does).
   */
  private static void checkLaunch(String where, Path workDir, List<String> args) {
    RunnerConfig config = parse(where, workDir, args);
    assertTrue(config.reload(), where + ": reloading");
    assertTrue(config.javac(), where + ": --javac");
    assertTrue(config.port().isPresent(), where + ": a port");
    assertTrue(config.exitWithParent(), where + ": --exit-with-parent, so the app goes when the IDE does");
    JavaCommand child = JavaCommand.parse(config.command(), workDir)
        .orElseThrow(() -> new AssertionError(where + ": a 'java ... -cp CLASSPATH Main' child, got " + config.command()));
    assertEquals(SAMPLE_MAIN, child.mainAndArgs().get(0), where + ": the child's main class");
    List<Path> classpath = child.classpath().stream().map(e -> workDir.resolve(e).normalize()).toList();
    Path classes = workDir.resolve("sample-app/target/classes");
    assertTrue(classpath.contains(classes), where + ": sample-app's classes on the child's class path " + classpath);
    assertTrue(config.watch().contains(classes), where + ": the class directory is watched (--javac writes there)");
    for (Path e : classpath) {
      if (e.toString().endsWith(".jar")) {
        assertTrue(Files.isRegularFile(e), where + ": class path entry exists: " + e);
      } else {
        assertTrue(e.startsWith(workDir.resolve("sample-app")), where + ": class directory of sample-app's: " + e);
      }
    }
    assertTrue(classpath.stream().anyMatch(e -> e.getFileName().toString().startsWith("undertow-core-")),
        where + ": sample-app's dependencies on the child's class path " + classpath);
    String mainSource = SAMPLE_MAIN.replace('.', '/') + ".java";
    assertTrue(config.watch().stream().anyMatch(w -> Files.isRegularFile(w.resolve(mainSource))),
        where + ": a watched directory holds " + mainSource + ": " + config.watch());
    for (Path w : config.watch()) {
      assertTrue(w.startsWith(workDir), where + ": watched directory inside the project: " + w);
    }
  }

  private static RunnerConfig parse(String where, Path workDir, List<String> args) {
    RunnerConfig[] seen = new RunnerConfig[1];
    CommandLine cl = RunnerCommand.commandLine(Map.of("PATH", System.getenv("PATH")), workDir, c -> {
      seen[0] = c;
      return 0;
    });
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    cl.setOut(new PrintWriter(new StringWriter(), true));
    assertEquals(0, cl.execute(args.toArray(String[]::new)), where + ": the runner accepts " + args + ": " + err);
    assertNotNull(seen[0], where + ": the runner got as far as its config");
    return seen[0];
  }

  private static void assertClassBuilt(String className) {
    Path cls = ROOT.resolve("target/classes").resolve(className.replace('.', '/') + ".class");
    assertTrue(Files.isRegularFile(cls), "built: " + cls);
  }

  /** JDK 17 and 25 both take these JVM options without a word (JDK 25 warns about options it dropped). */
  private static void assertJvmsAcceptQuietly(List<String> vmArgs, String where) throws IOException, InterruptedException {
    for (String jvm : List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), Jdk.java25())) {
      List<String> argv = new ArrayList<>(List.of(jvm));
      argv.addAll(vmArgs);
      argv.add("-version");
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(1, TimeUnit.MINUTES));
      assertEquals(0, p.exitValue(), where + " that " + jvm + " accepts:\n" + out);
      assertFalse(out.toLowerCase(Locale.ROOT).contains("warning"), where + " that " + jvm
          + " takes without a warning:\n" + out);
    }
  }

  private static String artifactId(Path pom) throws Exception {
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    NodeList children = doc.getDocumentElement().getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element e && e.getTagName().equals("artifactId")) {
        return e.getTextContent().trim();
      }
    }
    throw new AssertionError("no artifactId in " + pom);
  }

  private static Element only(Element parent, String tag, Path file) {
    NodeList l = parent.getElementsByTagName(tag);
    assertEquals(1, l.getLength(), "one <" + tag + "> in " + file);
    return (Element) l.item(0);
  }

  /** The {@code <option name= value=>} children of a configuration (not those of its before-launch method). */
  private static Map<String, String> options(Element conf) {
    Map<String, String> m = new LinkedHashMap<>();
    NodeList children = conf.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element e && e.getTagName().equals("option") && e.hasAttribute("value")) {
        m.put(e.getAttribute("name"), e.getAttribute("value"));
      }
    }
    return m;
  }

  private static String intellij(String s) {
    return s == null ? null : s.replace("$PROJECT_DIR$", ROOT.toString());
  }

  private static String vscode(String s) {
    return s == null ? null : s.replace("${workspaceFolder}", ROOT.toString());
  }

  /** IntelliJ's program-parameter splitting: at white space, double quotes group (and are dropped). */
  static List<String> splitIntellij(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '"') {
        quoted = !quoted;
        any = true;
      } else if (Character.isWhitespace(ch) && !quoted) {
        if (any) {
          out.add(cur.toString());
          cur.setLength(0);
          any = false;
        }
      } else {
        cur.append(ch);
        any = true;
      }
    }
    if (any) {
      out.add(cur.toString());
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object o) {
    if (o instanceof String s) {
      return splitIntellij(s);
    }
    assertInstanceOf(List.class, o, "a list of strings");
    return ((List<Object>) o).stream().map(x -> (String) x).collect(Collectors.toList());
  }

  /**
   * Just enough of VS Code's JSON with comments ({@code //}, {@code /* *}{@code /}, trailing commas):
   * objects as {@link LinkedHashMap}, arrays as {@link List}, strings, numbers as {@link Double},
   * booleans, null. Anything else is an error with its offset.
   */
  static final class Jsonc {
    private final String s;
    private int i;

    private Jsonc(String s) {
      this.s = s;
    }

    static Object parse(String text) {
      Jsonc p = new Jsonc(text);
      Object v = p.value();
      p.skip();
      if (p.i != p.s.length()) {
        throw p.error("trailing text");
      }
      return v;
    }

    private Object value() {
      skip();
      if (i >= s.length()) {
        throw error("unexpected end");
      }
      char c = s.charAt(i);
      switch (c) {
        case '{':
          return object();
        case '[':
          return array();
        case '"':
          return string();
        default:
          if (s.startsWith("true", i)) {
            i += 4;
            return Boolean.TRUE;
          }
          if (s.startsWith("false", i)) {
            i += 5;
            return Boolean.FALSE;
          }
          if (s.startsWith("null", i)) {
            i += 4;
            return null;
          }
          int start = i;
          while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
            i++;
          }
          if (start == i) {
            throw error("unexpected '" + c + "'");
          }
          return Double.valueOf(s.substring(start, i));
      }
    }

    private Map<String, Object> object() {
      Map<String, Object> m = new LinkedHashMap<>();
      i++;
      while (true) {
        skip();
        if (peek() == '}') {
          i++;
          return m;
        }
        if (peek() != '"') {
          throw error("expected a key");
        }
        String key = string();
        skip();
        expect(':');
        m.put(key, value());
        skip();
        if (peek() == ',') {
          i++;
        } else if (peek() != '}') {
          throw error("expected ',' or '}'");
        }
      }
    }

    private List<Object> array() {
      List<Object> l = new ArrayList<>();
      i++;
      while (true) {
        skip();
        if (peek() == ']') {
          i++;
          return l;
        }
        l.add(value());
        skip();
        if (peek() == ',') {
          i++;
        } else if (peek() != ']') {
          throw error("expected ',' or ']'");
        }
      }
    }

    private String string() {
      StringBuilder b = new StringBuilder();
      i++;
      while (true) {
        if (i >= s.length()) {
          throw error("unterminated string");
        }
        char c = s.charAt(i++);
        if (c == '"') {
          return b.toString();
        }
        if (c != '\\') {
          b.append(c);
          continue;
        }
        char e = s.charAt(i++);
        switch (e) {
          case 'n' -> b.append('\n');
          case 't' -> b.append('\t');
          case 'r' -> b.append('\r');
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'u' -> {
            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
          }
          default -> b.append(e); // \" \\ \/
        }
      }
    }

    /** White space and comments. */
    private void skip() {
      while (i < s.length()) {
        char c = s.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (s.startsWith("//", i)) {
          int nl = s.indexOf('\n', i);
          i = nl < 0 ? s.length() : nl + 1;
        } else if (s.startsWith("/*", i)) {
          int end = s.indexOf("*/", i + 2);
          if (end < 0) {
            throw error("unterminated comment");
          }
          i = end + 2;
        } else {
          return;
        }
      }
    }

    private char peek() {
      if (i >= s.length()) {
        throw error("unexpected end");
      }
      return s.charAt(i);
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error("expected '" + c + "'");
      }
      i++;
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException("JSON: " + what + " at offset " + i);
    }
  }
}
