package dev.runner.config;

/**
 * What the runner does to speed up a {@code java -cp ... MAIN} child (other commands are left as
 * they are).
 *
 * @param cds give it a class-data sharing archive of its dependency jars
 * @param standby keep the next child's JVM started ahead, waiting, so a reload need not wait for
 *     a JVM to boot (see {@code dev.runner.standby.Standby})
 * @param hotswap start it with the runner's hotswap agent, so that a change to method bodies alone
 *     is redefined in the running JVM instead of restarting it (see {@code dev.runner.hotswap})
 */
public record ChildJvm(boolean cds, boolean standby, boolean hotswap) {
  /** Both on: the default. */
  public static final ChildJvm FAST = new ChildJvm(true, true);
  /** Both off. */
  public static final ChildJvm PLAIN = new ChildJvm(false, false);

  /** Without hotswap: the default. */
  public ChildJvm(boolean cds, boolean standby) {
    this(cds, standby, false);
  }
}
