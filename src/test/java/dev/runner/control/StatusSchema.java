package dev.runner.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runner.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The status document's schema (README.md, "Control surface for tools"), checked field by field on
 * the wire form: every key present, of its type, nothing else, and what each state implies.
 */
public final class StatusSchema {
  private static final Set<String> STATES = Set.of("starting", "building", "restarting", "ready", "failed", "crashed");

  private StatusSchema() {}

  /** Checks {@code json} (the text of {@code GET /_runner/status}); returns it parsed. */
  public static Map<String, Object> check(String json) {
    Map<String, Object> s = map(Json.parse(json), "status");
    keys(s, "status", "schema", "version", "pid", "workDir", "state", "since", "generation", "changesPending",
        "workers", "lastReload", "build", "diagnostics", "crash");
    assertEquals(1L, s.get("schema"), "schema");
    type(s, "version", String.class, false);
    type(s, "pid", Long.class, false);
    type(s, "workDir", String.class, false);
    assertTrue(STATES.contains(s.get("state")), "state is one of " + STATES + ": " + s.get("state"));
    Instant.parse((String) s.get("since"));
    assertTrue((Long) type(s, "generation", Long.class, false) >= 0, "generation >= 0");
    type(s, "changesPending", Boolean.class, false);
    for (Object o : list(s.get("workers"), "workers")) {
      Map<String, Object> w = map(o, "worker");
      keys(w, "worker", "index", "pid", "port", "ready", "requests", "restarts", "status", "standby");
      type(w, "index", Long.class, false);
      type(w, "pid", Long.class, true);
      type(w, "port", Long.class, true);
      type(w, "ready", Boolean.class, false);
      type(w, "requests", Long.class, false);
      type(w, "restarts", Long.class, false);
      type(w, "status", String.class, true);
      type(w, "standby", String.class, true);
    }
    Map<String, Object> r = map(s.get("lastReload"), "lastReload");
    keys(r, "lastReload", "trigger", "files", "everything", "startedAt", "result", "millis", "endedAt", "phases");
    assertTrue(Set.of("start", "change", "manual").contains(r.get("trigger")), "trigger: " + r.get("trigger"));
    list(r.get("files"), "files").forEach(f -> assertInstanceOf(String.class, f, "a file"));
    type(r, "everything", Boolean.class, false);
    Instant.parse((String) r.get("startedAt"));
    assertTrue(Set.of("pending", "ready", "build-failed", "crashed", "served-as-is", "swapped").contains(r.get("result")), "result: " + r.get("result"));
    type(r, "millis", Long.class, !r.get("result").equals("pending") ? false : true);
    type(r, "endedAt", String.class, r.get("result").equals("pending"));
    if (r.get("endedAt") != null) {
      Instant.parse((String) r.get("endedAt"));
    }
    if (r.get("phases") != null) {
      Map<String, Object> p = map(r.get("phases"), "phases");
      keys(p, "phases", "debounce", "build", "stop", "start", "total");
      p.keySet().forEach(k -> type(p, k, Long.class, false));
    }
    if (s.get("build") != null) {
      Map<String, Object> b = map(s.get("build"), "build");
      keys(b, "build", "ok", "exitCode", "millis", "output");
      type(b, "ok", Boolean.class, false);
      type(b, "exitCode", Long.class, false);
      type(b, "millis", Long.class, false);
      type(b, "output", String.class, false);
    }
    for (Object o : list(s.get("diagnostics"), "diagnostics")) {
      diagnostic(map(o, "diagnostic"));
    }
    if (s.get("crash") != null) {
      Map<String, Object> c = map(s.get("crash"), "crash");
      keys(c, "crash", "pid", "exitStatus", "reason");
      type(c, "pid", Long.class, true);
      type(c, "exitStatus", Long.class, true);
      type(c, "reason", String.class, false);
    }
    switch ((String) s.get("state")) {
      case "failed" -> assertEquals(Boolean.FALSE, map(s.get("build"), "build").get("ok"), "failed: the last build failed");
      case "crashed" -> assertNotNull(s.get("crash"), "crashed: what crashed");
      case "ready" -> assertTrue(Set.of("ready", "served-as-is", "swapped").contains(r.get("result")),
          "ready: the last reload ended ready, or was served as it is: " + r.get("result"));
      default -> { }
    }
    return s;
  }

  /** One diagnostic object (status and {@code build-failed} events). */
  public static void diagnostic(Map<String, Object> d) {
    keys(d, "diagnostic", "file", "path", "line", "column", "severity", "message", "source");
    type(d, "file", String.class, false);
    type(d, "path", String.class, false);
    type(d, "line", Long.class, false);
    type(d, "column", Long.class, false);
    assertTrue(Set.of("error", "warning", "note").contains(d.get("severity")), "severity: " + d.get("severity"));
    type(d, "message", String.class, false);
    type(d, "source", String.class, false);
  }

  private static void keys(Map<String, Object> m, String what, String... expected) {
    assertEquals(List.of(expected), List.copyOf(m.keySet()), what + ": its keys, in order");
  }

  private static Object type(Map<String, Object> m, String key, Class<?> type, boolean nullable) {
    Object v = m.get(key);
    if (v == null) {
      if (!nullable) {
        fail(key + " must not be null in " + m);
      }
      return null;
    }
    return assertInstanceOf(type, v, key + " in " + m);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o, String what) {
    return (Map<String, Object>) assertInstanceOf(Map.class, o, what + " is an object");
  }

  private static List<?> list(Object o, String what) {
    return assertInstanceOf(List.class, o, what + " is an array");
  }
}
