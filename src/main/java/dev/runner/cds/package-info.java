/**
 * Faster child JVM starts through class-data sharing: an archive of the JDK's and the
 * dependencies' classes, built once per class path and reused by every restart.
 */
package dev.runner.cds;
