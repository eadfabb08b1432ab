/** The checked, immutable description of a run, shared by every other package. */
package dev.runner.config;
