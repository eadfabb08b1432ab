package dev.runner.notify;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The private directory that holds the sockets: only its owner may enter it, so only the same
 * user can talk to the runner. It is created with mode 0700 in one step (never widened, then
 * narrowed), under a fresh random name, and creation fails rather than reuse anything that is
 * already there. It is deleted on {@link #close()}, or by a shutdown hook when the runner ends
 * (SIGTERM, System.exit) without reaching that; only a SIGKILL leaves it behind.
 */
final class RuntimeDir implements AutoCloseable {
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static final SecureRandom RANDOM = new SecureRandom();

  final Path path;
  private final Thread hook;

  private RuntimeDir(Path path) {
    this.path = path;
    this.hook = new Thread(this::delete, "notify-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Under {@code $XDG_RUNTIME_DIR} if it is set and writable, else under {@code java.io.tmpdir}. */
  static RuntimeDir createDefault() throws IOException {
    List<Path> bases = candidates(System.getenv("XDG_RUNTIME_DIR"), System.getProperty("java.io.tmpdir"));
    IOException failure = null;
    for (Path base : bases) {
      try {
        return create(base);
      } catch (IOException e) {
        failure = e;
      }
    }
    throw failure;
  }

  /** The bases to try, best first. */
  static List<Path> candidates(String xdgRuntimeDir, String tmpDir) {
    List<Path> bases = new ArrayList<>();
    if (xdgRuntimeDir != null && !xdgRuntimeDir.isBlank()) {
      Path xdg = Path.of(xdgRuntimeDir);
      if (xdg.isAbsolute() && Files.isDirectory(xdg) && Files.isWritable(xdg)) {
        bases.add(xdg);
      }
    }
    bases.add(Path.of(tmpDir));
    return bases;
  }

  /** A new {@code runner-<pid>-<random>} directory, mode 0700, under {@code base}. */
  static RuntimeDir create(Path base) throws IOException {
    String prefix = "runner-" + ProcessHandle.current().pid() + "-";
    for (int attempt = 0; ; attempt++) {
      byte[] random = new byte[4];
      RANDOM.nextBytes(random);
      Path dir = base.toAbsolutePath().resolve(prefix + HexFormat.of().formatHex(random));
      try {
        return new RuntimeDir(Files.createDirectory(dir, OWNER_ONLY));
      } catch (FileAlreadyExistsException e) {
        if (attempt == 9) {
          throw new IOException("cannot create a fresh directory under " + base + ": names keep colliding", e);
        }
      } catch (UnsupportedOperationException e) {
        throw new IOException("cannot create a private directory under " + base + ": no POSIX permissions", e);
      }
    }
  }

  /** Deletes the sockets and the directory; best effort, safe to call more than once. */
  void delete() {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(path)) {
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
    } catch (IOException ignored) {
      // Already gone, or not ours to list: deleting the directory below says which.
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // A socket bound between listing and here; the JVM is going away, nothing more to do.
    }
  }

  @Override
  public void close() {
    delete();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or about to; it only deletes again.
    }
  }
}
