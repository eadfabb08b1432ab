package dev.runner.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the runner meets an app as it is written.
 *
 * @param readyPath a worker is ready when {@code GET} this path answers anything but 404 or 5xx
 *     (empty: once its port accepts connections, or the framework's own health path)
 * @param noRestart globs, below a resource root on the class path, of files the app reads as they
 *     are now, so a change to them reloads open pages instead of restarting the JVM
 */
public record AppSettings(Optional<String> readyPath, List<String> noRestart) {
  public AppSettings {
    Objects.requireNonNull(readyPath, "readyPath");
    readyPath.ifPresent(p -> {
      if (!p.startsWith("/") || p.chars().anyMatch(c -> c <= ' ' || c == 127)) {
        throw new IllegalArgumentException("ready path must start with '/' and hold no spaces or control characters, got '"
            + p + "'");
      }
    });
    noRestart = List.copyOf(noRestart);
  }

  /** Spring Boot DevTools' convention: static content and templates, which are read when served. */
  public static final List<String> NO_RESTART = List.of("static/**", "public/**", "templates/**",
      "META-INF/resources/**", "resources/**");

  /** No ready path of the user's; the no-restart globs of {@link #NO_RESTART}. */
  public static final AppSettings DEFAULTS = new AppSettings(Optional.empty(), NO_RESTART);
}
