package dev.runner.control;

import dev.runner.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How {@code runner status} and {@code runner restart} find the runner of a directory: one small
 * JSON file per working directory (named by a hash of its real path) with the runner's pid, its
 * control port and a random token that {@code POST /_runner/restart} must present. The file is
 * the secret, so it is created owner-only (0600) in an owner-only (0700) directory, in one step
 * (a private temporary file moved into place), never widened then narrowed. It lives under
 * {@code $XDG_RUNTIME_DIR/runner} when that is set, else under
 * {@code $XDG_CACHE_HOME/runner/state} (default {@code ~/.cache/runner/state}). It is removed when
 * the runner exits; one left by a killed runner names a pid that is gone (or that now belongs to
 * another process, which its start time gives away) and counts as no runner.
 */
public final class StateFile implements AutoCloseable {
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  /** What a runner wrote: enough to reach it and to prove the caller may read its files. */
  public record Entry(long pid, String started, int port, String token, String workDir, String version) {
    Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("pid", pid);
      m.put("started", started);
      m.put("port", port);
      m.put("token", token);
      m.put("workDir", workDir);
      m.put("version", version);
      return m;
    }

    static Entry fromJson(Object json) {
      if (!(json instanceof Map<?, ?> m) || !(m.get("pid") instanceof Long pid) || !(m.get("port") instanceof Long port)
          || !(m.get("token") instanceof String token)) {
        throw new IllegalArgumentException("not a runner state file (pid, port and token expected)");
      }
      return new Entry(pid, String.valueOf(m.get("started")), port.intValue(), token,
          String.valueOf(m.get("workDir")), String.valueOf(m.get("version")));
    }

    /** Whether the process that wrote this still runs (and is the same process, not a reused pid). */
    public boolean alive() {
      Optional<ProcessHandle> h = ProcessHandle.of(pid);
      if (h.isEmpty() || !h.get().isAlive()) {
        return false;
      }
      return started.equals("unknown") || h.get().info().startInstant().map(Object::toString).orElse("unknown")
          .equals(started);
    }
  }

  private final Path file;
  private final Entry entry;

  private StateFile(Path file, Entry entry) {
    this.file = file;
    this.entry = entry;
  }

  /** The directory for state files, from the environment (see the class comment). */
  public static Path directory(Map<String, String> env) {
    String runtime = env.get("XDG_RUNTIME_DIR");
    if (runtime != null && !runtime.isBlank() && Path.of(runtime).isAbsolute() && Files.isDirectory(Path.of(runtime))) {
      return Path.of(runtime, "runner");
    }
    String cache = env.get("XDG_CACHE_HOME");
    String home = env.get("HOME");
    Path base = cache != null && !cache.isBlank() ? Path.of(cache)
        : Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".cache");
    return base.resolve("runner").resolve("state");
  }

  /** The state file of {@code workDir} (whether or not it exists). */
  public static Path path(Map<String, String> env, Path workDir) {
    return directory(env).resolve(key(workDir) + ".json");
  }

  /** A token nobody can guess: 256 random bits. */
  public static String newToken() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** Writes this runner's entry for {@code workDir}, replacing any earlier one. */
  public static StateFile write(Map<String, String> env, Path workDir, int port, String token, String version)
      throws IOException {
    Path dir = directory(env);
    privateDirectory(dir);
    ProcessHandle self = ProcessHandle.current();
    Entry e = new Entry(self.pid(), self.info().startInstant().map(Object::toString).orElse("unknown"), port, token,
        real(workDir).toString(), version);
    Path target = dir.resolve(key(workDir) + ".json");
    Path tmp = Files.createTempFile(dir, ".state-", ".tmp", PosixFilePermissions.asFileAttribute(FILE));
    try {
      Files.writeString(tmp, Json.write(e.toJson()) + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException x) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return new StateFile(target, e);
  }

  /**
   * The runner of {@code workDir}, if one runs. Empty when there is no state file or its runner
   * is gone; a file that cannot be read or parsed is an {@link IOException} naming it.
   */
  public static Optional<Entry> find(Map<String, String> env, Path workDir) throws IOException {
    Path p = path(env, workDir);
    String text;
    try {
      text = Files.readString(p, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    Entry e;
    try {
      e = Entry.fromJson(Json.parse(text));
    } catch (IllegalArgumentException x) {
      throw new IOException(p + ": " + x.getMessage());
    }
    return e.alive() ? Optional.of(e) : Optional.empty();
  }

  public Path file() {
    return file;
  }

  public Entry entry() {
    return entry;
  }

  /** Removes the file, unless another runner of the same directory has replaced it meanwhile. */
  @Override
  public void close() {
    try {
      Entry now = Entry.fromJson(Json.parse(Files.readString(file, StandardCharsets.UTF_8)));
      if (now.pid() == entry.pid() && now.token().equals(entry.token())) {
        Files.deleteIfExists(file);
      }
    } catch (IOException | IllegalArgumentException e) {
      // gone already, or not ours to remove
    }
  }

  private static void privateDirectory(Path dir) throws IOException {
    Files.createDirectories(dir.getParent());
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR));
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw new IOException(dir + " is not a directory");
      }
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
      if (!perms.equals(DIR)) { // ours (only the owner may change them): narrow it before writing a secret into it
        Files.setPosixFilePermissions(dir, DIR);
      }
    }
  }

  private static Path real(Path dir) {
    try {
      return dir.toRealPath();
    } catch (IOException e) {
      return dir.toAbsolutePath().normalize();
    }
  }

  private static String key(Path workDir) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(real(workDir).toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
