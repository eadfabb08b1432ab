package dev.runner.hotswap;

import java.util.Optional;
import java.util.Set;

/**
 * Methods whose new body a redefinition would not bring into effect, because what they did has
 * already happened, or because a framework took hold of them at start-up: an object built by the
 * old constructor keeps its fields, a static initializer never runs twice, a bean made by the old
 * {@code @Bean} method stays, a {@code main} already ran. For these the sound answer is a restart.
 *
 * <p>Recognised by the annotation's simple name, whatever its package ({@code javax.} and
 * {@code jakarta.} alike, Spring, Micronaut, Quarkus/CDI, and an app's own copies):
 * <ul>
 *   <li>{@code @PostConstruct}, {@code @PreDestroy}: run once per bean by the container;
 *   <li>{@code @Bean}, {@code @Produces}: factory methods, the product already exists;
 *   <li>{@code @Startup}: runs at start;
 *   <li>{@code @Scheduled}, {@code @Schedules}: the scheduler registered them at start;
 *   <li>{@code @EventListener} and any other {@code @...Listener} ({@code @KafkaListener},
 *       {@code @RabbitListener}, {@code @JmsListener}, {@code @SqsListener}): registered at start,
 *       and the start-up events they often listen to ({@code ApplicationReadyEvent}) are over;
 *   <li>{@code @Observes}, {@code @ObservesAsync} on a parameter: CDI observers, same reason.
 * </ul>
 * Also every constructor, the static initializer, and {@code main} (with {@code String[]} or,
 * since JDK 25, no parameters). Not recognisable from a class file and so not covered: methods a
 * framework calls once through an interface ({@code CommandLineRunner.run}, a {@code configure}
 * override); a change to those is swapped and takes effect only at the next restart.
 */
final class Lifecycle {
  static final Set<String> ANNOTATIONS = Set.of("PostConstruct", "PreDestroy", "Bean", "Produces", "Startup",
      "Scheduled", "Schedules", "Observes", "ObservesAsync");

  private Lifecycle() {}

  /** What makes a changed {@code method} need a restart ("constructor", "@Bean method"), if anything. */
  static Optional<String> of(ClassShape.Member method) {
    if (method.name().equals("<clinit>")) {
      return Optional.of("static initializer");
    }
    if (method.name().equals("<init>")) {
      return Optional.of("constructor");
    }
    if (method.name().equals("main")
        && (method.descriptor().equals("([Ljava/lang/String;)V") || method.descriptor().equals("()V"))) {
      return Optional.of("main method");
    }
    return method.annotationTypes().stream()
        .map(Lifecycle::simpleName)
        .filter(name -> ANNOTATIONS.contains(name) || name.endsWith("Listener"))
        .sorted()
        .findFirst()
        .map(name -> "@" + name + " method");
  }

  /** {@code Lorg/springframework/context/event/EventListener;} → {@code EventListener}. */
  static String simpleName(String descriptor) {
    String name = descriptor.startsWith("L") && descriptor.endsWith(";")
        ? descriptor.substring(1, descriptor.length() - 1) : descriptor;
    return name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('$')) + 1);
  }
}
