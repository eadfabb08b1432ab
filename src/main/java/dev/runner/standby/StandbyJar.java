package dev.runner.standby;

import dev.runner.jars.AgentJar;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The agent jar of a standby JVM: {@link Standby}'s class file alone, named by a
 * {@code Premain-Class} manifest, under the runner's cache directory.
 */
public final class StandbyJar {
  private StandbyJar() {}

  /** {@code CACHE/standby/<hash>/runner-standby.jar}, written if it is not there yet. */
  public static Path ensure(Path cache) throws IOException {
    return AgentJar.ensure(cache, "standby", List.of(Standby.class), Map.of());
  }
}
