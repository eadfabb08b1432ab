/**
 * {@code --hotswap} without the supervisor: when every class a build changed differs from the
 * running one only in method bodies, redefine those classes in the running child instead of
 * restarting it; restart as before for anything else.
 *
 * <h2>Theory of operation</h2>
 * <ol>
 *   <li>When a child starts, the runner reads its class directories into a
 *       {@link dev.runner.hotswap.ClassBaseline}: the bytes the child will load. Keeping them in the
 *       runner (rather than asking the agent) is the sound choice: the JVM can only hand back bytes it
 *       reconstituted from its internal form, or bytes other agents (coverage, APM) transformed, and
 *       asking costs the app a retransformation and a round trip. The directory copy is exactly what
 *       any later class load reads, because between builds nobody else writes there.
 *   <li>After a build, {@link dev.runner.hotswap.SwapDecision} compares each written or deleted class
 *       file with the baseline through {@link dev.runner.hotswap.ClassComparison}: swap only if all are
 *       body-only, else restart, with one line saying why.
 *   <li>A swap goes to the agent ({@link dev.runner.hotswap.agent.HotswapAgent}, started with
 *       {@code -javaagent:} from the jar {@link dev.runner.hotswap.HotswapJar} writes) over the
 *       child's notify socket ({@code LISTEN=hotswap}, {@code REDEFINE=}, {@code REDEFINED=}; see
 *       {@code dev.runner.notify}) by {@link dev.runner.hotswap.HotswapClient}. Success moves the
 *       baseline on ({@link dev.runner.hotswap.ClassBaseline#after}); a failure, or no answer in time,
 *       means a restart.
 * </ol>
 * Which methods count as "run once" (constructors, static initializers, {@code main}, lifecycle
 * annotations) is in {@link dev.runner.hotswap.Lifecycle}; what counts as structural is in
 * {@link dev.runner.hotswap.ClassComparison}.
 */
package dev.runner.hotswap;
