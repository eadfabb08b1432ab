package dev.runner.mojo;

import java.util.ArrayList;
import java.util.List;

/**
 * The runner JVM's own flags, for the JDK that runs it: the ./runner launcher's (which picks them
 * the same way in sh), the Maven goal's and the tests'. A small, quick JVM: C1 only, serial GC, a
 * heap that grows for a big compile and gives memory back after it. Each flag must be one that JDK
 * accepts without a word: JDK 25 prints "Ignoring option PerfDataSamplingInterval; support was
 * removed in 25.0" (its sampler is gone, so the flag has nothing left to slow down) and
 * {@code -XX:+IgnoreUnrecognizedVMOptions} does not silence that.
 */
public final class RunnerJvm {
  private static final List<String> ALWAYS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
      "-Xss512k", "-Xms8m", "-Xmx256m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
      "-XX:ReservedCodeCacheSize=32m");
  /** Up to JDK 24 the perf-data sampler wakes every 50 ms; once a second is enough (idle CPU 0.1 % -> 0.02 %). */
  private static final String SAMPLE_SLOWLY = "-XX:PerfDataSamplingInterval=1000";

  private RunnerJvm() {}

  /** The flags for a JDK of this feature release ({@code Runtime.version().feature()}; 0: unknown). */
  public static List<String> options(int feature) {
    List<String> out = new ArrayList<>(ALWAYS);
    if (feature > 0 && feature < 25) {
      out.add(SAMPLE_SLOWLY);
    }
    return List.copyOf(out);
  }
}
