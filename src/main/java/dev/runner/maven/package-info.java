/** Zero-config mode for ordinary Maven projects: layout, class path and main class from the pom. */
package dev.runner.maven;
