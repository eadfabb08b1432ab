package dev.runner.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class InotifyLimitTest {
  @Test
  void theJdksMessagesAreRecognisedAlsoWhenWrapped() {
    assertEquals(Optional.of(InotifyLimit.WATCHES),
        InotifyLimit.of(new UncheckedIOException(new IOException("User limit of inotify watches reached"))));
    assertEquals(Optional.of(InotifyLimit.INSTANCES),
        InotifyLimit.of(new IOException("User limit of inotify instances reached or too many open files")));
    assertEquals(Optional.empty(), InotifyLimit.of(new IOException("Permission denied")));
    assertEquals(Optional.empty(), InotifyLimit.of(new IOException((String) null)));
  }

  @Test
  void theMessageNamesTheLimitItsValueTheFallbackAndTheSysctlThatRaisesIt() {
    String m = InotifyLimit.WATCHES.message("src/main/java", Duration.ofSeconds(1), OptionalLong.of(8192));
    assertEquals("inotify watch limit reached (fs.inotify.max_user_watches = 8192) while watching src/main/java:"
        + " polling every 1s instead; for native file events raise it: sudo sysctl fs.inotify.max_user_watches=524288", m);
    String i = InotifyLimit.INSTANCES.message("classes", Duration.ofMillis(500), OptionalLong.empty());
    assertTrue(i.startsWith("inotify instance limit reached (fs.inotify.max_user_instances, or too many open files)"), i);
    assertTrue(i.contains("polling every 500ms instead") && i.endsWith("fs.inotify.max_user_instances=512"), i);
  }

  @Test
  void theSuggestionIsAlwaysMoreThanTheCurrentValue() {
    assertEquals(524_288, InotifyLimit.WATCHES.suggestion(OptionalLong.of(50)));
    assertEquals(2_000_000, InotifyLimit.WATCHES.suggestion(OptionalLong.of(1_000_000)));
    assertEquals(512, InotifyLimit.INSTANCES.suggestion(OptionalLong.empty()));
  }
}
