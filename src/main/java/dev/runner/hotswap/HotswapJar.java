package dev.runner.hotswap;

import dev.runner.hotswap.agent.HotswapAgent;
import dev.runner.jars.AgentJar;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The agent jar for {@code -javaagent}: {@link HotswapAgent} and its nested classes alone, with
 * {@code Can-Redefine-Classes}, under the runner's cache directory like the standby's jar.
 */
public final class HotswapJar {
  private HotswapJar() {}

  /** {@code CACHE/hotswap/<hash>/runner-hotswap.jar}, written if it is not there yet. */
  public static Path ensure(Path cache) throws IOException {
    return AgentJar.ensure(cache, "hotswap", List.of(HotswapAgent.class.getNestMembers()),
        Map.of("Can-Redefine-Classes", "true"));
  }
}
