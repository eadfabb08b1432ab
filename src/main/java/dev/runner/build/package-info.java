/**
 * The step between "a source changed" and "restart": for now the user's own build command, run
 * as a process tree of its own with its output kept for when it fails.
 */
package dev.runner.build;
