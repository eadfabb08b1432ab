package dev.runner.supervise;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which child JVM options rule out a standby JVM: those that act before main. */
class ActsAtJvmStartTest {
  @Test
  void agentsJmxClassLoadersSecurityManagersVerboseAndFileLogsActBeforeMain() {
    for (String arg : List.of("-javaagent:otel.jar", "-agentlib:jdwp=transport=dt_socket,server=y,address=5005",
        "-agentpath:/opt/yjp/libyjpagent.so", "-Xrunjdwp:transport=dt_socket", "-Dcom.sun.management.jmxremote.port=9010",
        "-Djava.system.class.loader=com.example.Loader", "-Djava.security.manager=com.example.Manager",
        "-Xlog:gc*:file=gc.log", "-Xloggc:gc.log", "-XX:StartFlightRecording=filename=rec.jfr", "-XX:LogFile=vm.log",
        "-XX:+LogVMOutput", "-verbose:class")) {
      assertTrue(Standbys.actsAtJvmStart(arg), arg);
    }
  }

  @Test
  void everydayOptionsDoNot() {
    for (String arg : List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-Dapp.mode=dev", "-Xlog:gc", "-ea",
        "-Djava.security.manager=allow", "-Djava.security.manager=disallow", "--add-opens", "-Xss1m", "")) {
      assertFalse(Standbys.actsAtJvmStart(arg), arg);
    }
  }
}
