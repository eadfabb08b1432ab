/**
 * What changed, and when to act on it. {@link dev.runner.watch.TreeWatcher} turns native file
 * events, or the differences between two polling walks ({@link dev.runner.watch.Snapshot}), into
 * paths (filtered by {@link dev.runner.watch.PathFilter}); the supervisor feeds them into a
 * {@link dev.runner.watch.Debouncer}, which is pure and clocked by its caller, and gets
 * {@link dev.runner.watch.ChangeSet}s back. Nothing here starts or stops processes.
 */
package dev.runner.watch;
