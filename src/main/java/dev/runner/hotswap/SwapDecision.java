package dev.runner.hotswap;

import dev.runner.hotswap.ClassChange.BodyOnly;
import dev.runner.hotswap.ClassChange.Structural;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One build's class files → swap them into the running child, or restart it; with the one-line
 * reason the runner prints. Everything must be body-only for a swap: a single class added,
 * deleted, structurally changed, unreadable, or outside the class directories means a restart.
 */
public final class SwapDecision {
  /** Names at most this many methods in a reason, then "and N more". */
  static final int NAMED = 3;

  /** The decision. */
  public sealed interface Decision {
    String reason();
  }

  /** Redefine {@code classes} (possibly none: nothing that runs changed). */
  public record Swap(List<SwapClass> classes, String reason) implements Decision {
    public Swap {
      classes = List.copyOf(classes);
    }
  }

  public record Restart(String reason) implements Decision {}

  /** One class to redefine: its binary name ({@code a.Greeting$Inner}), file and new bytes. */
  public record SwapClass(String name, Path file, byte[] bytes) {}

  private SwapDecision() {}

  /**
   * {@code classFiles} are the paths the build wrote or deleted; their current content is read
   * from disk, their old content comes from {@code baseline}.
   */
  public static Decision decide(ClassBaseline baseline, Collection<Path> classFiles) {
    List<SwapClass> swap = new ArrayList<>();
    List<String> methods = new ArrayList<>();
    for (Path file : new TreeSet<>(classFiles)) {
      Optional<Path> root = baseline.rootOf(file);
      if (root.isEmpty()) {
        return new Restart("outside the class directories: " + file);
      }
      if (!file.getFileName().toString().endsWith(".class")) {
        return new Restart("not a class file: " + root.get().relativize(file.toAbsolutePath().normalize()));
      }
      String name = binaryName(root.get(), file);
      Optional<byte[]> old = baseline.bytes(file);
      byte[] now;
      try {
        now = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        if (old.isPresent()) {
          return new Restart("class deleted: " + name);
        }
        continue; // written and deleted again: never in the child, not on disk
      } catch (IOException e) {
        return new Restart("cannot read " + file + ": " + e.getMessage());
      }
      if (old.isEmpty()) {
        return new Restart("class added: " + name);
      }
      if (Arrays.equals(old.get(), now)) {
        continue;
      }
      ClassChange change = ClassComparison.compare(old.get(), now);
      if (change instanceof Structural s) {
        return new Restart(s.reason());
      }
      methods.addAll(((BodyOnly) change).methods());
      swap.add(new SwapClass(name, file.toAbsolutePath().normalize(), now));
    }
    return new Swap(swap, reason(swap, methods));
  }

  private static String reason(List<SwapClass> swap, List<String> methods) {
    if (swap.isEmpty()) {
      return "no class changed";
    }
    if (methods.isEmpty()) {
      return "debug data only: " + String.join(", ", swap.stream().map(c -> Names.simple(c.name().replace('.', '/'))).toList());
    }
    String named = String.join(", ", methods.subList(0, Math.min(NAMED, methods.size())));
    return "body changed: " + named + (methods.size() > NAMED ? " and " + (methods.size() - NAMED) + " more" : "");
  }

  private static String binaryName(Path root, Path file) {
    String relative = root.relativize(file.toAbsolutePath().normalize()).toString().replace(File.separatorChar, '.');
    return relative.substring(0, relative.length() - ".class".length());
  }
}
