package dev.runner.control;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The runner's version as Maven stamped it into the jar ("unknown" when run from loose classes without it). */
public final class RunnerVersion {
  private RunnerVersion() {}

  public static String get() {
    Properties p = new Properties();
    try (InputStream in = RunnerVersion.class.getResourceAsStream("/dev/runner/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // no version to show
    }
    return p.getProperty("version", "unknown");
  }
}
