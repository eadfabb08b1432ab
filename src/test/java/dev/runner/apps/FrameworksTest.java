package dev.runner.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameworksTest {
  private static final String BOOT = "/m2/org/springframework/boot/spring-boot/4.0.7/spring-boot-4.0.7.jar";
  private static final String DEVTOOLS = "/m2/spring-boot-devtools-4.0.7.jar";
  private static final String ACTUATOR = "/m2/spring-boot-actuator-4.0.7.jar";

  @TempDir Path dir;

  private Frameworks of(String... classpath) {
    return Frameworks.fromClasspath(List.of(classpath), dir);
  }

  @Test
  void knowsSpringBootDevToolsAndActuatorByTheirJarsAlone() {
    assertEquals(new Frameworks(true, true, true, false), of("classes", BOOT, DEVTOOLS, ACTUATOR));
    assertEquals(new Frameworks(false, false, false, false),
        of("/m2/spring-boot-autoconfigure-4.0.7.jar", "/m2/spring-boot-actuator-autoconfigure-4.0.7.jar",
            "/m2/spring-boot-starter-web-4.0.7.jar", "/m2/javalin-6.7.0.jar"), "other artifacts of the family");
    assertEquals(Frameworks.NONE, Frameworks.of(List.of("java", "-jar", "app.jar"), dir), "a command it cannot read");
    assertEquals(Optional.of("/actuator/health"), of(BOOT, ACTUATOR).readyPath());
    assertEquals(Optional.empty(), of(BOOT).readyPath());
  }

  @Test
  void everyFrameworksPortSettingGetsPortUnlessTheUserSetItOrTheAppConfiguresItsOwnBehindTheProxy() throws Exception {
    Map<String, String> env = of(BOOT).env(Map.of("QUARKUS_HTTP_PORT", "9000"), 4000, true, false);
    assertEquals(Map.of("SERVER_PORT", "4000", "MICRONAUT_SERVER_PORT", "4000"), env);
    Files.writeString(dir.resolve("application.properties"), "spring.application.name=x\nserver.port = 7070\n");
    Frameworks own = of(".", BOOT);
    assertTrue(own.configuredPort());
    assertFalse(own.env(Map.of(), 4000, true, false).containsKey("SERVER_PORT"), "the runner finds its port");
    assertEquals("4000", own.env(Map.of(), 4000, false, false).get("SERVER_PORT"), "--no-proxy: the port asked for");
    assertEquals(Map.of(), of(BOOT).env(Map.of(), -1, true, false), "no port, no colour, no DevTools: nothing");
  }

  @Test
  void aYamlConfigurationNamesItsPortNestedOrDotted() throws Exception {
    Path config = Files.createDirectories(dir.resolve("config"));
    Files.writeString(config.resolve("application.yml"), "spring:\n  port: 1\nserver:\n  # the app's\n  port: 7070\n");
    assertTrue(Frameworks.setsServerPort(dir));
    Files.writeString(config.resolve("application.yml"), "spring:\n  port: 1\nserver:\n  address: x\n");
    assertFalse(Frameworks.setsServerPort(dir));
    Files.writeString(dir.resolve("application.yaml"), "server.port: 7070\n");
    assertTrue(Frameworks.setsServerPort(dir));
  }

  @Test
  void colourAndDevToolsSettingsGoToTheEnvironmentUnlessSet() {
    Map<String, String> env = of(BOOT, DEVTOOLS).env(Map.of("SPRING_DEVTOOLS_LIVERELOAD_ENABLED", "true"), -1, true,
        true);
    assertEquals(Map.of("SPRING_OUTPUT_ANSI_ENABLED", "ALWAYS", "SPRING_DEVTOOLS_RESTART_ENABLED", "false"), env);
    assertEquals(Map.of(), of(BOOT, DEVTOOLS).env(Map.of("SPRING_OUTPUT_ANSI_ENABLED", "NEVER",
        "SPRING_DEVTOOLS_RESTART_ENABLED", "true", "SPRING_DEVTOOLS_LIVERELOAD_ENABLED", "true"), -1, true, true));
  }

  @Test
  void springBootGetsTemplateAndResourceCachesOffAsSystemPropertiesUnlessTheUserSetThem() {
    List<String> command = List.of("java", "-Dspring.thymeleaf.cache=true", "-cp", "classes:" + BOOT, "com.x.App");
    List<String> out = of("classes", BOOT).command(command, Map.of("SPRING_WEB_RESOURCES_CACHE_PERIOD", "1h"));
    assertEquals(List.of("java", "-Dspring.freemarker.cache=false", "-Dspring.mustache.servlet.cache=false",
        "-Dspring.groovy.template.cache=false", "-Dspring.web.resources.chain.cache=false",
        "-Dspring.thymeleaf.cache=true", "-cp", "classes:" + BOOT, "com.x.App"), out);
    List<String> plain = List.of("java", "-cp", "classes", "com.x.App");
    assertEquals(plain, of("classes").command(plain, Map.of()), "not a Spring Boot app: unchanged");
  }

  @Test
  void aDebuggersPortAndDevToolsLiveReloadAreNotTakenForTheAppsPort() {
    List<String> command = List.of("java", "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=*:5005",
        "-cp", "classes", "com.x.App");
    assertEquals(Set.of(5005, 35729), of(BOOT, DEVTOOLS).portsNotTheApps(command,
        Map.of("JAVA_TOOL_OPTIONS", "-Xmx1g")));
    assertEquals(Set.of(8000), of(BOOT).portsNotTheApps(List.of("java", "-cp", "c", "M"),
        Map.of("JAVA_TOOL_OPTIONS", "-agentlib:jdwp=transport=dt_socket,server=y,address=8000")));
  }
}
