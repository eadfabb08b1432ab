/**
 * The reload loop. {@link dev.runner.supervise.Supervisor} is a state machine run by one thread
 * over a queue of {@link dev.runner.supervise.Event}s; watcher, build, probes, signals and the
 * terminal only post events. {@link dev.runner.supervise.Runner} wires the real parts around it.
 */
package dev.runner.supervise;
