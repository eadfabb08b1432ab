package dev.runner.notify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.runner.notify.LineDecoder.Problem;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineDecoderTest {
  private final LineDecoder decoder = new LineDecoder();
  private final List<String> lines = new ArrayList<>();
  private final List<Problem> problems = new ArrayList<>();
  private final LineDecoder.Sink sink = new LineDecoder.Sink() {
    @Override
    public boolean line(String key, String value) {
      lines.add(key + "|" + value);
      return true;
    }

    @Override
    public void problem(Problem problem) {
      problems.add(problem);
    }
  };

  private void feed(String text) {
    feed(text.getBytes(UTF_8));
  }

  private void feed(byte[] bytes) {
    decoder.feed(ByteBuffer.wrap(bytes), sink);
  }

  @Test
  void linesSplitAnywhereAreJoined() {
    feed("REA");
    feed("DY=1\nSTATUS=serving on port 80");
    feed("80\r\n\nWATCHDOG=1\n");
    assertEquals(List.of("READY|1", "STATUS|serving on port 8080", "WATCHDOG|1"), lines);
    assertEquals(List.of(), problems);
  }

  @Test
  void valueMayContainEqualsAndBeEmptyAndUnicode() {
    feed("STATUS=a=b\nSTATUS=\nSTATUS=grüße ✓\nx_1=y\n");
    assertEquals(List.of("STATUS|a=b", "STATUS|", "STATUS|grüße ✓", "x_1|y"), lines);
  }

  @Test
  void malformedLinesAreReportedNotDelivered() {
    feed("no equals sign\n=value\nBAD KEY=1\nKEY\u00e9=1\n");
    feed(new byte[] {'S', '=', (byte) 0xC3, (byte) 0x28, '\n'}); // invalid UTF-8
    feed("READY=1\n");
    assertEquals(List.of("READY|1"), lines);
    assertEquals(List.of(Problem.MALFORMED, Problem.MALFORMED, Problem.MALFORMED, Problem.MALFORMED,
        Problem.MALFORMED), problems);
  }

  @Test
  void controlCharactersInValuesAreNeutralised() {
    feed("STATUS=\u001b[2Jred\u0000\tok\u0085\n");
    assertEquals(List.of("STATUS|?[2Jred?\tok?"), lines);
  }

  @Test
  void lineOfExactlyMaxIsKeptOneByteMoreIsSkippedToItsNewline() {
    String max = "S=" + "x".repeat(LineDecoder.MAX_LINE - 2);
    feed(max + "\n");
    assertEquals(1, lines.size());

    feed(max + "y");
    feed("z".repeat(1_000_000));
    feed("READY=not-a-line-yet\nREADY=1\n");
    assertEquals(List.of(Problem.TOO_LONG), problems, "one report, the rest skipped");
    assertEquals(List.of(max.replace("=", "|"), "READY|1"), lines);
  }

  @Test
  void lastLineWithoutNewlineCountsAtEndOfInput() {
    feed("READY=1\nSTATUS=bye");
    decoder.finish(sink);
    assertEquals(List.of("READY|1", "STATUS|bye"), lines);
  }

  @Test
  void partOfATooLongLineIsNotDeliveredAtEndOfInput() {
    feed("S=" + "x".repeat(LineDecoder.MAX_LINE));
    decoder.finish(sink);
    assertEquals(List.of(), lines);
  }

  @Test
  void sinkCanStopTheFeed() {
    LineDecoder.Sink stopAfterOne = new LineDecoder.Sink() {
      @Override
      public boolean line(String key, String value) {
        lines.add(key);
        return false;
      }

      @Override
      public void problem(Problem problem) {}
    };
    assertFalse(decoder.feed(ByteBuffer.wrap("A=1\nB=2\n".getBytes(UTF_8)), stopAfterOne));
    assertEquals(List.of("A"), lines);
  }
}
