package dev.runner.control;

import java.util.List;
import java.util.Map;

/** The status document as a few lines for a person at a terminal ({@code runner status} without a pipe). */
public final class Summary {
  private Summary() {}

  public static String of(Map<String, Object> s) {
    StringBuilder b = new StringBuilder();
    b.append("runner ").append(s.get("version")).append(", pid ").append(s.get("pid")).append(", in ")
        .append(s.get("workDir")).append('\n');
    b.append("state: ").append(s.get("state")).append(" since ").append(s.get("since")).append(", generation ")
        .append(s.get("generation")).append(Boolean.TRUE.equals(s.get("changesPending")) ? " (changes pending)" : "")
        .append('\n');
    for (Object o : list(s.get("workers"))) {
      Map<?, ?> w = (Map<?, ?>) o;
      b.append("  worker ").append(w.get("index")).append(": ");
      if (w.get("pid") == null) {
        b.append("not running\n");
        continue;
      }
      b.append("pid ").append(w.get("pid")).append(", port ").append(w.get("port"))
          .append(Boolean.TRUE.equals(w.get("ready")) ? ", ready" : ", starting")
          .append(", ").append(w.get("requests")).append(" requests");
      if (!Long.valueOf(0).equals(w.get("restarts"))) {
        b.append(", ").append(w.get("restarts")).append(" restarts");
      }
      if (w.get("status") != null) {
        b.append(", status: ").append(w.get("status"));
      }
      b.append('\n');
    }
    if (s.get("lastReload") instanceof Map<?, ?> r) {
      b.append("last reload: ").append(r.get("trigger"));
      List<Object> files = list(r.get("files"));
      if (!files.isEmpty()) {
        b.append(" (").append(files.get(0)).append(files.size() > 1 ? " and " + (files.size() - 1) + " more" : "")
            .append(')');
      }
      b.append(" -> ").append(r.get("result"));
      if (r.get("millis") != null) {
        b.append(" in ").append(r.get("millis")).append(" ms");
      }
      if (r.get("phases") instanceof Map<?, ?> p) {
        b.append(" (build ").append(p.get("build")).append(" ms, stop ").append(p.get("stop"))
            .append(" ms, start ").append(p.get("start")).append(" ms)");
      }
      b.append('\n');
    }
    for (Object o : list(s.get("diagnostics"))) {
      Map<?, ?> d = (Map<?, ?>) o;
      b.append(d.get("file")).append(':').append(d.get("line"));
      if (!Long.valueOf(0).equals(d.get("column"))) {
        b.append(':').append(d.get("column"));
      }
      b.append(": ").append(d.get("severity")).append(": ").append(d.get("message")).append('\n');
    }
    if ("failed".equals(s.get("state")) && list(s.get("diagnostics")).isEmpty()
        && s.get("build") instanceof Map<?, ?> build) {
      b.append("build exited with ").append(build.get("exitCode")).append(":\n").append(build.get("output"));
      if (b.charAt(b.length() - 1) != '\n') {
        b.append('\n');
      }
    }
    if ("crashed".equals(s.get("state")) && s.get("crash") instanceof Map<?, ?> c) {
      b.append("pid ").append(c.get("pid")).append(": ").append(c.get("reason")).append("; waiting for a change\n");
    }
    return b.toString();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    return o instanceof List<?> l ? (List<Object>) l : List.of();
  }
}
