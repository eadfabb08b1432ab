/**
 * Processes as the operating system sees them. {@link dev.runner.process.Spawner} starts a child
 * with default signal dispositions, in a session of its own, bound to the runner's life;
 * {@link dev.runner.process.ProcessTree} finds every process of that session (also those whose
 * parent died and that were re-parented) and stops them: SIGTERM, bounded wait, SIGKILL, bounded
 * join. {@link dev.runner.process.Guardian} covers the one case the runner cannot handle itself:
 * its own sudden death. Linux-first (/proc, util-linux, GNU env); elsewhere it degrades to what
 * {@code ProcessHandle} can see, and says so.
 */
package dev.runner.process;
