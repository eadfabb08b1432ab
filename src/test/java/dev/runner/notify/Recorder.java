package dev.runner.notify;

import dev.runner.e2e.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/** A listener that keeps everything a {@link NotifyServer} tells it, for tests to wait on. */
final class Recorder implements NotifyServer.Listener {
  static final Duration PATIENCE = Duration.ofSeconds(20);

  record Message(String channel, String key, String value) {}

  record Warning(String channel, String text) {}

  final Queue<Message> messages = new ConcurrentLinkedQueue<>();
  final Queue<Warning> warnings = new ConcurrentLinkedQueue<>();

  @Override
  public void message(String channelKey, String key, String value) {
    messages.add(new Message(channelKey, key, value));
  }

  @Override
  public void warning(String channelKey, String text) {
    warnings.add(new Warning(channelKey, text));
  }

  void awaitMessage(Message expected) {
    Poll.until(PATIENCE, () -> messages.contains(expected), () -> expected + " among " + tail());
  }

  void awaitWarning(String channel, String containing) {
    Poll.until(PATIENCE, () -> countWarnings(w -> w.channel().equals(channel) && w.text().contains(containing)) > 0,
        () -> "a warning on " + channel + " with '" + containing + "' among " + warnings);
  }

  long countMessages(Predicate<Message> which) {
    return messages.stream().filter(which).count();
  }

  long countWarnings(Predicate<Warning> which) {
    return warnings.stream().filter(which).count();
  }

  private List<Message> tail() {
    List<Message> all = List.copyOf(messages);
    return all.subList(Math.max(0, all.size() - 20), all.size());
  }
}
