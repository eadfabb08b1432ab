package dev.runner.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcStatTest {

  /** A full 52-field stat line: pid, (comm), state, ppid, pgrp, session, ..., starttime (22), ... */
  private static String statLine(long pid, String comm, char state, long ppid, long pgrp, long session, long start) {
    List<String> f = new ArrayList<>(List.of(
        Long.toString(pid), "(" + comm + ")", Character.toString(state), Long.toString(ppid),
        Long.toString(pgrp), Long.toString(session), "0", "-1", "4194304"));
    while (f.size() < 21) {
      f.add(Integer.toString(f.size() * 7)); // fields 10..21: faults, times, priority, threads ...
    }
    f.add(Long.toString(start)); // field 22
    while (f.size() < 52) {
      f.add("0");
    }
    return String.join(" ", f) + "\n";
  }

  @Test
  void readsTheFieldsATreeNeeds() {
    ProcStat s = ProcStat.parse(1234, statLine(1234, "java", 'S', 1, 1200, 1100, 987654));
    assertEquals(new ProcStat(1234, 'S', 1, 1200, 1100, 987654), s);
  }

  @Test
  void commandNameWithSpacesAndParenthesesDoesNotShiftFields() {
    ProcStat s = ProcStat.parse(1234, statLine(1234, "my (odd) name", 'S', 1, 1234, 1234, 555));
    assertEquals(new ProcStat(1234, 'S', 1, 1234, 1234, 555), s);
  }

  @Test
  void commandNameThatLooksLikeFieldsDoesNotShiftFields() {
    ProcStat s = ProcStat.parse(7, statLine(7, "x) R 9 9 9 0", 'R', 2, 3, 4, 42));
    assertEquals(new ProcStat(7, 'R', 2, 3, 4, 42), s);
  }

  @Test
  void zombieAndDeadAreNotAlive() {
    assertFalse(new ProcStat(1, 'Z', 0, 0, 0, 0).alive());
    assertFalse(new ProcStat(1, 'X', 0, 0, 0, 0).alive());
    assertTrue(new ProcStat(1, 'S', 0, 0, 0, 0).alive());
    assertTrue(new ProcStat(1, 'R', 0, 0, 0, 0).alive());
    assertTrue(new ProcStat(1, 'D', 0, 0, 0, 0).alive());
  }

  @Test
  void readsThisJvm() {
    assumeTrue(ProcStat.supported(), "needs /proc");
    ProcessHandle self = ProcessHandle.current();

    ProcStat s = ProcStat.read(self.pid()).orElseThrow();

    assertEquals(self.pid(), s.pid());
    assertTrue(s.alive());
    assertTrue(s.stillAlive());
    self.parent().ifPresent(parent -> assertEquals(parent.pid(), s.ppid()));
    assertTrue(s.startTicks() > 0);
  }

  @Test
  void readOfAMissingPidIsEmpty() {
    assumeTrue(ProcStat.supported(), "needs /proc");
    assertTrue(ProcStat.read(Long.MAX_VALUE).isEmpty());
  }

  @Test
  void environMatchesWholeEntriesOnly() {
    byte[] env = "A=1\0RUNNER_TREE=ab.3.w0\0Z=\0".getBytes(StandardCharsets.UTF_8);
    assertTrue(ProcStat.environHas(env, bytes("RUNNER_TREE=ab.3.w0")));
    assertTrue(ProcStat.environHas(env, bytes("A=1")));
    assertTrue(ProcStat.environHas(env, bytes("Z=")));
    assertFalse(ProcStat.environHas(env, bytes("RUNNER_TREE=ab.3")), "a prefix is another tree");
    assertFalse(ProcStat.environHas(env, bytes("RUNNER_TREE=ab.3.w01")));
    assertFalse(ProcStat.environHas(env, bytes("TREE=ab.3.w0")), "a suffix of another entry");
    assertFalse(ProcStat.environHas(new byte[0], bytes("A=1")));
    byte[] noTrailingNul = "X=1\0A=1".getBytes(StandardCharsets.UTF_8);
    assertTrue(ProcStat.environHas(noTrailingNul, bytes("A=1")));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
