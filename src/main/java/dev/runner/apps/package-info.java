/**
 * What the runner knows about apps as they are written, so that they work under it unchanged: the
 * frameworks on a child's class path and the settings they read (their port, template caches,
 * colours, Spring Boot DevTools), the ports a child's process tree really listens on, and which
 * resource changes an app sees without a restart.
 */
package dev.runner.apps;
