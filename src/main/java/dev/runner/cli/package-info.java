/**
 * The command line: picocli options plus {@code RUNNER_*} environment defaults, checked into one
 * {@link dev.runner.config.RunnerConfig}. Bad input is one line on stderr and exit status 2.
 */
package dev.runner.cli;
