package dev.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code mvn -Psoak test} selects the long soak by its tag, and the default build leaves it out by
 * the same tag: without the tag the profile runs 0 tests and succeeds (surefire's failIfNoTests
 * does not see tests a tag filter removed), and the default build runs the 25-minute soak. So the
 * tag and the pom are held together here, in a test that takes milliseconds.
 */
class SoakTagTest {
  @Test
  void theLongSoakAloneCarriesTheTagThatThePomsSoakProfileSelectsAndTheDefaultBuildExcludes() throws Exception {
    List<String> tagged = Arrays.stream(SoakE2ETest.class.getDeclaredMethods())
        .filter(m -> m.isAnnotationPresent(Test.class))
        .filter(m -> m.isAnnotationPresent(Tag.class) && m.getAnnotation(Tag.class).value().equals("soak"))
        .map(Method::getName).toList();
    assertEquals(List.of("aThousandReloadsUnderChaosLeaveNoOrphanNoOverlapAndFailNoRequest"), tagged);
    String pom = Files.readString(Path.of("pom.xml"));
    assertTrue(pom.contains("<excluded.groups>bench,soak</excluded.groups>"), "the default build excludes soak");
    int profile = pom.indexOf("<id>soak</id>");
    assertTrue(profile > 0, "pom.xml has a soak profile");
    String soak = pom.substring(profile, pom.indexOf("</profile>", profile));
    assertTrue(soak.contains("<included.groups>soak</included.groups>"), "the soak profile selects the tag: " + soak);
  }
}
