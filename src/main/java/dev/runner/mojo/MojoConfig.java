package dev.runner.mojo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.codehaus.plexus.component.configurator.expression.ExpressionEvaluationException;
import org.codehaus.plexus.component.configurator.expression.ExpressionEvaluator;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * A plugin's configuration read the way Maven injects it into a mojo: each value (or, when that
 * evaluates to nothing, its {@code default-value}) goes through the module's expression evaluator,
 * so {@code ${maven.compiler.release}}, {@code ${project.build.directory}} or a property set on the
 * command line come out as the mojo would see them.
 */
final class MojoConfig {
  private final Xpp3Dom dom;
  private final ExpressionEvaluator evaluator;

  MojoConfig(Xpp3Dom dom, ExpressionEvaluator evaluator) {
    this.dom = dom == null ? new Xpp3Dom("configuration") : dom;
    this.evaluator = evaluator;
  }

  Optional<MojoConfig> child(String name) {
    Xpp3Dom c = dom.getChild(name);
    return c == null ? Optional.empty() : Optional.of(new MojoConfig(c, evaluator));
  }

  List<MojoConfig> children() {
    List<MojoConfig> out = new ArrayList<>();
    for (Xpp3Dom c : dom.getChildren()) {
      out.add(new MojoConfig(c, evaluator));
    }
    return out;
  }

  String name() {
    return dom.getName();
  }

  Optional<String> attribute(String name) {
    return Optional.ofNullable(dom.getAttribute(name));
  }

  /** This element's own value, evaluated; empty when blank or unset. */
  Optional<String> value() {
    String v = evaluate(dom.getValue());
    if (v == null) {
      v = evaluate(dom.getAttribute("default-value"));
    }
    return Optional.ofNullable(v).map(String::strip).filter(s -> !s.isEmpty());
  }

  Optional<String> string(String name) {
    return child(name).flatMap(MojoConfig::value);
  }

  boolean flag(String name, boolean otherwise) {
    return string(name).map(Boolean::parseBoolean).orElse(otherwise);
  }

  /** The evaluated values of a list parameter's elements ({@code <compilerArgs><arg>...}). */
  List<String> list(String name) {
    return child(name).map(c -> c.children().stream().flatMap(e -> e.value().stream()).toList()).orElse(List.of());
  }

  /** Any text evaluated against the module, e.g. a token found in a filtered resource. */
  String evaluate(String text) {
    if (text == null) {
      return null;
    }
    try {
      Object o = evaluator.evaluate(text);
      return o == null ? null : String.valueOf(o);
    } catch (ExpressionEvaluationException e) {
      throw new IllegalArgumentException("cannot evaluate '" + text + "': " + e.getMessage(), e);
    }
  }
}
