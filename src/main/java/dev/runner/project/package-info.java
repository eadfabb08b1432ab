/**
 * The model of a user's Maven project: one immutable value, produced by Maven itself (the runner's
 * plugin) and read by everything downstream (watch roots, the compiler, the child command), so no
 * part of the runner ever parses a pom.
 */
package dev.runner.project;
