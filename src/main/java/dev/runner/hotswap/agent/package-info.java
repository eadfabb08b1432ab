/**
 * Code that runs inside the child JVM, copied alone into the agent jar: only {@code java.base} and
 * {@code java.instrument}, nothing else of the runner.
 */
package dev.runner.hotswap.agent;
