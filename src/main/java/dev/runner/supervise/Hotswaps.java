package dev.runner.supervise;

import dev.runner.hotswap.ClassBaseline;
import dev.runner.hotswap.HotswapClient;
import dev.runner.hotswap.HotswapClient.Failed;
import dev.runner.hotswap.HotswapClient.Outcome;
import dev.runner.hotswap.SwapDecision;
import dev.runner.hotswap.SwapDecision.Decision;
import dev.runner.hotswap.SwapDecision.SwapClass;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * {@code --hotswap} on the loop thread: the class directories as the running generation has them
 * (a {@link ClassBaseline}, read just before the generation starts, moved on by each swap), the
 * decision for a reload, and the one swap that may be under way (sent to every worker at once,
 * answered through an {@link Event.Swapped}, given up after {@link #DEADLINE}). Whatever is unsure
 * (no baseline, a failed build since) means a restart.
 */
final class Hotswaps {
  /** How long every worker's agent has to answer before the swap counts as failed (and restarts). */
  static final Duration DEADLINE = Duration.ofSeconds(10);

  /** Sends a swap to one child's agent: the real one is a {@link HotswapClient} on the child's notify channel. */
  interface Redefiner {
    HotswapClient.Request redefine(Child child, List<SwapClass> classes);

    void abandon(long requestId, String reason);
  }

  /** A swap on its way: what it is for, to whom it went, and when it is given up. */
  record Pending(long id, String why, SwapDecision.Swap swap, List<Child> children,
      List<HotswapClient.Request> requests, long began, long deadline) {}

  private final List<Path> classDirs;
  private final Redefiner redefiner;
  private final Consumer<Event> post;
  private final Console console;
  private ClassBaseline baseline;
  private String unsure = "no baseline yet";
  private Pending pending;
  private long ids;

  Hotswaps(List<Path> classDirs, Redefiner redefiner, Consumer<Event> post, Console console) {
    this.classDirs = List.copyOf(classDirs);
    this.redefiner = redefiner;
    this.post = post;
    this.console = console;
  }

  /** A generation is about to start: what it will load is what the class directories hold now. */
  void generationStarting() {
    try {
      baseline = ClassBaseline.capture(classDirs);
      unsure = null;
    } catch (IOException | RuntimeException e) {
      unsure("cannot read the class directories (" + e.getMessage() + ")");
    }
  }

  /** Until the next generation, every reload restarts (a failed build may have left half its classes). */
  void unsure(String why) {
    baseline = null;
    unsure = why;
  }

  /** Why a swap cannot even be considered now (empty: it can). */
  Optional<String> blocked() {
    return Optional.ofNullable(unsure);
  }

  /** Whether a swap is under way. */
  boolean busy() {
    return pending != null;
  }

  /**
   * Compares the class directories with what the workers run (the baseline, with the swap under
   * way if any): swap (possibly nothing) or restart, with why.
   */
  Decision decide() {
    try {
      ClassBaseline running = pending == null ? baseline : baseline.after(files(pending.swap()));
      return SwapDecision.decide(running, running.changedOnDisk());
    } catch (IOException | RuntimeException e) {
      return new SwapDecision.Restart("cannot read the class directories: " + e.getMessage());
    }
  }

  /** Sends {@code swap} to every child; an {@link Event.Swapped} follows once all have answered. */
  void send(String why, SwapDecision.Swap swap, List<Child> children, long began, long now) {
    long id = ++ids;
    List<HotswapClient.Request> requests = children.stream().map(c -> redefiner.redefine(c, swap.classes())).toList();
    pending = new Pending(id, why, swap, List.copyOf(children), requests, began, now + DEADLINE.toNanos());
    CompletableFuture.allOf(requests.stream().map(HotswapClient.Request::outcome).toArray(CompletableFuture[]::new))
        .whenComplete((done, error) -> post.accept(new Event.Swapped(id)));
  }

  /** The swap {@code id} answered: it, if it is the one under way, and it is no longer under way. */
  Optional<Pending> answered(long id) {
    if (pending == null || pending.id() != id) {
      return Optional.empty(); // given up already (deadline, restart)
    }
    Pending p = pending;
    pending = null;
    return Optional.of(p);
  }

  /** The first failure among the answers of {@code p}, if any. */
  static Optional<String> failure(Pending p) {
    for (int i = 0; i < p.requests().size(); i++) {
      Outcome o = p.requests().get(i).outcome().getNow(new Failed("no answer"));
      if (o instanceof Failed f) {
        return Optional.of(f.reason() + (p.children().size() > 1 ? " (pid " + p.children().get(i).pid() + ")" : ""));
      }
    }
    return Optional.empty();
  }

  /** The children now run the swapped classes: later swaps compare against them. */
  void succeeded(Pending p) {
    baseline = baseline.after(files(p.swap()));
  }

  private static Map<Path, byte[]> files(SwapDecision.Swap swap) {
    Map<Path, byte[]> files = new HashMap<>();
    swap.classes().forEach(c -> files.put(c.file(), c.bytes()));
    return files;
  }

  /** The swap under way, if its deadline has passed: given up (its requests abandoned). */
  Optional<Pending> overdue(long now) {
    if (pending == null || now - pending.deadline() < 0) {
      return Optional.empty();
    }
    Pending p = pending;
    cancel("no answer from the hotswap agent in " + DEADLINE.toSeconds() + " s");
    return Optional.of(p);
  }

  /** Gives up the swap under way, if any (a restart replaces it). */
  void cancel(String reason) {
    if (pending != null) {
      Pending p = pending;
      pending = null;
      p.requests().forEach(r -> redefiner.abandon(r.id(), reason));
      console.debug("hotswap given up: " + reason);
    }
  }

  OptionalLong deadline() {
    return pending == null ? OptionalLong.empty() : OptionalLong.of(pending.deadline());
  }
}
