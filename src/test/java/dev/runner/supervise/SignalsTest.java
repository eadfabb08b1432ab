package dev.runner.supervise;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SignalsTest {
  @Test
  void readsTheIgnoredMaskOfAProcStatus() {
    String nohup = "Name:\tjava\nSigBlk:\t0000000000000000\nSigIgn:\t0000000000000001\nSigCgt:\t0000000000004a02\n";
    assertTrue(Signals.ignored(nohup, 1), "SIGHUP is bit 0");
    assertFalse(Signals.ignored(nohup, 2));
    String background = "SigIgn:\t0000000000000006\n";
    assertTrue(Signals.ignored(background, 2) && Signals.ignored(background, 3));
    assertFalse(Signals.ignored(background, 1));
    assertFalse(Signals.ignored("Name:\tno mask here\n", 1));
  }
}
