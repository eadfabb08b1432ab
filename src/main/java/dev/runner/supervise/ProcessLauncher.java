package dev.runner.supervise;

import dev.runner.cds.CdsCache;
import dev.runner.config.RunnerConfig;
import dev.runner.notify.NotifyServer;
import dev.runner.process.Guardian;
import dev.runner.process.ProcessTree;
import dev.runner.process.ProcessTree.StopReport;
import dev.runner.process.Spawner;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Starts the real children: in a slot's {@link Standbys standby JVM} when one is ready and still
 * fits, else freshly through the {@link WorkerSpawner} (its port in {@code PORT}, its slot in
 * {@code RUNNER_WORKER}, registered with the {@link Guardian}, watched for exit, and probed for
 * readiness on a short-lived thread of its own); stops them as whole trees.
 */
final class ProcessLauncher implements Child.Launcher {
  private final RunnerConfig config;
  private final Console console;
  private final CdsCache cds;
  private final WorkerSpawner workers;
  private final Standbys standbys;
  /** The last start was CDS's recording run, whose class list is complete only once it has stopped. */
  private boolean recording;

  ProcessLauncher(RunnerConfig config, Spawner spawner, Guardian guardian, Consumer<Event> post, Console console,
      CdsCache cds, NotifyServer notify, Path cacheRoot) {
    this.config = config;
    this.cds = cds;
    this.workers = new WorkerSpawner(config, spawner, guardian, post, console, notify, cacheRoot);
    this.standbys = new Standbys(config, console, cds, workers, cacheRoot);
    this.console = console;
  }

  @Override
  public Child start(int index) throws IOException {
    List<String> command = command();
    recording = CdsCache.records(command);
    Child ready = standbys.take(index, command);
    if (ready != null) {
      return ready;
    }
    WorkerSpawner.Setting setting = workers.setting(index, false);
    // With reloading on the runner owns the terminal's input (for "rs"); the child reads nothing.
    Redirect in = config.reload() ? Redirect.from(new File("/dev/null")) : Redirect.INHERIT;
    Spawner.Spawned s = workers.spawn("w" + index, command, setting, in, index);
    return workers.begin(s.process(), s.tree(), setting, index);
  }

  /** The command a child is started with now: the configured one, with CDS options when they apply. */
  private List<String> command() {
    List<String> command = workers.command();
    return cds == null ? command : cds.command(command, config.workDir());
  }

  /** See {@link Standbys#prepare}. */
  @Override
  public void prepare(int index) {
    standbys.prepare(index, recording);
  }

  @Override
  public String prepared(int index) {
    return standbys.prepared(index);
  }

  @Override
  public void discardPrepared() {
    standbys.discardAll();
  }

  /** From the next start on, children run this command (see {@link WorkerSpawner#command(List)}). */
  void command(List<String> next) {
    workers.command(next);
  }

  /** See {@link WorkerSpawner#hotswapAgent}. */
  String hotswapAgent() {
    return workers.hotswapAgent();
  }

  /** Which child a notify channel belongs to. */
  Optional<Long> pidFor(String channel) {
    return workers.pidFor(channel);
  }

  @Override
  public void requestThreadDump(Child child) {
    try {
      Process kill = new ProcessBuilder("kill", "-s", "QUIT", Long.toString(child.pid()))
          .redirectErrorStream(true).redirectOutput(Redirect.DISCARD).start();
      kill.waitFor(2, TimeUnit.SECONDS);
    } catch (IOException e) {
      console.debug("cannot send SIGQUIT to " + child.pid() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public StopReport stopAll(List<Child> children, Duration grace, BooleanSupplier forceNow) {
    List<ProcessTree> trees = children.stream().map(c -> ((ProcessChild) c).tree).toList();
    StopReport r = ProcessTree.stopAll(trees, grace, forceNow);
    for (Child c : children) {
      String channel = ((ProcessChild) c).channel;
      if (channel != null) {
        workers.closeChannel(channel);
      }
    }
    if (r.survivors().isEmpty()) {
      trees.forEach(workers::release);
    }
    return r;
  }
}
