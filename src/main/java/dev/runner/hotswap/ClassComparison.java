package dev.runner.hotswap;

import dev.runner.hotswap.ClassChange.BodyOnly;
import dev.runner.hotswap.ClassChange.Structural;
import dev.runner.hotswap.ClassShape.Member;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Old and new bytes of one class → {@link BodyOnly} or {@link Structural}. Pure; no JVM state.
 *
 * <p>Structural is everything {@code Instrumentation.redefineClasses} refuses (JDK 17–25 without
 * enhanced redefinition: a field or method added or removed, a modifier, a superclass or an
 * interface changed, fields reordered, {@code NestHost}, {@code NestMembers}, {@code Record} or
 * {@code PermittedSubclasses} changed) and everything it would accept but leave the running app
 * inconsistent with the source: annotations and generic signatures (frameworks read them at
 * start-up), a field's constant value (a static keeps its old value), the {@code throws} clause
 * and parameter names, inner-class and enclosing-method attributes, the class file version, and a
 * changed body of a {@link Lifecycle} method. A lambda added or removed is structural too: javac
 * turns it into a synthetic {@code lambda$name$N} method and renumbers the later ones, which is
 * adding and removing methods; a lambda whose body changed only changes that method's body, and
 * the running lambda objects call the new body. The first difference found is the reason given.
 */
public final class ClassComparison {
  private ClassComparison() {}

  public static ClassChange compare(byte[] oldBytes, byte[] newBytes) {
    ClassShape before;
    ClassShape after;
    try {
      before = ClassShape.parse(oldBytes);
      after = ClassShape.parse(newBytes);
    } catch (IOException e) {
      return new Structural("cannot read a class file: " + e.getMessage());
    }
    return compare(before, after);
  }

  static ClassChange compare(ClassShape before, ClassShape after) {
    return header(before, after).or(() -> fields(before, after)).or(() -> methods(before, after))
        .<ClassChange>map(Structural::new)
        .orElseGet(() -> bodies(before, after));
  }

  private static Optional<String> header(ClassShape before, ClassShape after) {
    String cls = Names.simple(after.name());
    if (!before.name().equals(after.name())) {
      return Optional.of("class renamed: " + Names.simple(before.name()) + " -> " + cls);
    }
    if (before.major() != after.major() || before.minor() != after.minor()) {
      return Optional.of("class file version changed: " + cls + " (" + before.major() + " -> " + after.major() + ")");
    }
    if (before.access() != after.access()) {
      return Optional.of("class modifiers changed: " + cls);
    }
    if (!String.valueOf(before.superName()).equals(String.valueOf(after.superName()))) {
      return Optional.of("superclass changed: " + cls);
    }
    if (!before.interfaces().equals(after.interfaces())) {
      return Optional.of("interfaces changed: " + cls);
    }
    return attributes(before.attributes(), after.attributes(), cls);
  }

  private static Optional<String> fields(ClassShape before, ClassShape after) {
    Map<String, Member> old = byKey(before.fields());
    Map<String, Member> now = byKey(after.fields());
    for (Member f : after.fields()) {
      if (!old.containsKey(f.key())) {
        return Optional.of("field added: " + Names.member(after.name(), f.name()));
      }
    }
    for (Member f : before.fields()) {
      if (!now.containsKey(f.key())) {
        return Optional.of("field removed: " + Names.member(after.name(), f.name()));
      }
    }
    for (Member f : after.fields()) {
      String label = Names.member(after.name(), f.name());
      Member was = old.get(f.key());
      if (was.access() != f.access()) {
        return Optional.of("field modifiers changed: " + label);
      }
      Optional<String> attribute = attributes(was.attributes(), f.attributes(), label);
      if (attribute.isPresent()) {
        return attribute;
      }
    }
    if (!List.copyOf(old.keySet()).equals(List.copyOf(now.keySet()))) {
      return Optional.of("fields reordered: " + Names.simple(after.name()));
    }
    return Optional.empty();
  }

  private static Optional<String> methods(ClassShape before, ClassShape after) {
    Map<String, Member> old = byKey(before.methods());
    Map<String, Member> now = byKey(after.methods());
    Optional<String> lambdas = lambdas(before, after);
    if (lambdas.isPresent()) {
      return lambdas;
    }
    for (Member m : after.methods()) {
      if (!old.containsKey(m.key())) {
        boolean renamedOne = before.methods().stream()
            .anyMatch(was -> was.name().equals(m.name()) && !now.containsKey(was.key()));
        return Optional.of(kind(m) + (renamedOne ? " signature changed: " : " added: ")
            + Names.method(after.name(), m.name(), m.descriptor()));
      }
    }
    for (Member m : before.methods()) {
      if (!now.containsKey(m.key())) {
        return Optional.of(kind(m) + " removed: " + Names.method(after.name(), m.name(), m.descriptor()));
      }
    }
    for (Member m : after.methods()) {
      String label = Names.method(after.name(), m.name(), m.descriptor());
      Member was = old.get(m.key());
      if (was.access() != m.access()) {
        return Optional.of("method modifiers changed: " + label);
      }
      Optional<String> attribute = attributes(was.attributes(), m.attributes(), label);
      if (attribute.isPresent()) {
        return attribute;
      }
    }
    return Optional.empty();
  }

  /**
   * javac names a lambda's method {@code lambda$<enclosing method>$<number in the class>}, so one
   * lambda added renames every later one: counted per enclosing method, the reason names where.
   */
  private static Optional<String> lambdas(ClassShape before, ClassShape after) {
    Map<String, Integer> old = lambdaCounts(before);
    Map<String, Integer> now = lambdaCounts(after);
    for (String method : new TreeSet<>(union(old, now))) {
      int was = old.getOrDefault(method, 0);
      int is = now.getOrDefault(method, 0);
      if (was != is) {
        return Optional.of("lambda " + (is > was ? "added" : "removed") + ": " + Names.member(after.name(), method));
      }
    }
    return Optional.empty();
  }

  private static Map<String, Integer> lambdaCounts(ClassShape shape) {
    Map<String, Integer> counts = new HashMap<>();
    for (Member m : shape.methods()) {
      if (m.name().startsWith("lambda$") && m.name().lastIndexOf('$') > "lambda$".length()) {
        counts.merge(m.name().substring("lambda$".length(), m.name().lastIndexOf('$')), 1, Integer::sum);
      }
    }
    return counts;
  }

  private static ClassChange bodies(ClassShape before, ClassShape after) {
    Map<String, Member> old = byKey(before.methods());
    List<String> changed = new ArrayList<>();
    for (Member m : after.methods()) {
      if (String.valueOf(old.get(m.key()).body()).equals(String.valueOf(m.body()))) {
        continue;
      }
      String label = Names.method(after.name(), m.name(), m.descriptor());
      Optional<String> lifecycle = Lifecycle.of(m);
      if (lifecycle.isPresent()) {
        return new Structural(lifecycle.get() + " changed: " + label);
      }
      changed.add(label);
    }
    return new BodyOnly(after.name(), changed);
  }

  /** The first attribute that differs, named for the user; {@code owner} is what carries them. */
  private static Optional<String> attributes(Map<String, String> before, Map<String, String> after, String owner) {
    for (String name : new TreeSet<>(union(before, after))) {
      if (!String.valueOf(before.get(name)).equals(String.valueOf(after.get(name)))) {
        return Optional.of(describe(name) + " changed: " + owner);
      }
    }
    return Optional.empty();
  }

  private static String describe(String attribute) {
    if (attribute.endsWith("ParameterAnnotations")) {
      return "parameter annotations";
    }
    return switch (attribute) {
      case "RuntimeVisibleAnnotations", "RuntimeInvisibleAnnotations" -> "annotations";
      case "RuntimeVisibleTypeAnnotations", "RuntimeInvisibleTypeAnnotations" -> "type annotations";
      case "AnnotationDefault" -> "annotation default";
      case "ConstantValue" -> "constant";
      case "Signature" -> "generic signature";
      case "Exceptions" -> "throws clause";
      case "MethodParameters" -> "parameter names";
      case "InnerClasses" -> "inner classes";
      case "EnclosingMethod" -> "enclosing method";
      case "NestHost", "NestMembers" -> "nest";
      case "Record" -> "record components";
      case "PermittedSubclasses" -> "permitted subclasses";
      case "Synthetic", "Deprecated" -> attribute.toLowerCase() + " flag";
      default -> "attribute " + attribute;
    };
  }

  private static Set<String> union(Map<String, ?> a, Map<String, ?> b) {
    Set<String> all = new HashSet<>(a.keySet());
    all.addAll(b.keySet());
    return all;
  }

  private static String kind(Member m) {
    if (m.name().startsWith("lambda$")) {
      return "lambda";
    }
    return m.name().equals("<init>") ? "constructor" : "method";
  }

  private static Map<String, Member> byKey(List<Member> members) {
    Map<String, Member> map = new LinkedHashMap<>();
    members.forEach(m -> map.put(m.key(), m));
    return map;
  }
}
