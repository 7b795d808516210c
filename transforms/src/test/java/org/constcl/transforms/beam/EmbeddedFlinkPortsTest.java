package org.constcl.transforms.beam;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.constcl.transforms.testing.ListeningSockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded Flink cluster of a pipeline must not listen on other interfaces than the loopback:
 * its ports (BlobServer, REST, RPC) are read from the kernel while a job runs in it.
 */
@Timeout(300)
class EmbeddedFlinkPortsTest {
  @TempDir Path dir;

  /** Writes the listening sockets of its JVM (the embedded cluster's) to a file, from inside the job. */
  static final class RecordPorts extends DoFn<String, Void> {
    @ProcessElement
    public void process(@Element String file) {
      try {
        StringBuilder sb = new StringBuilder();
        for (InetSocketAddress a : ListeningSockets.ofThisProcess()) {
          sb.append(a.getAddress().getHostAddress()).append(' ').append(a.getPort()).append('\n');
        }
        Files.writeString(Path.of(file), sb, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void everyPortOfARunningEmbeddedJobIsBoundToTheLoopback() throws Exception {
    Path out = dir.resolve("ports.txt");
    Pipeline p = Pipeline.create(RunnerSettings.embeddedFlink().withParallelism(1).toOptions("ports"));
    p.apply(Create.of(out.toString())).apply(ParDo.of(new RecordPorts()));
    p.run().waitUntilFinish();

    List<String> ports = Files.readAllLines(out);
    assertThat(ports).as("the embedded cluster listens on something (its BlobServer at least)").isNotEmpty();
    assertThat(ports).as("ports of the running embedded cluster").allSatisfy(l ->
        assertThat(java.net.InetAddress.getByName(l.split(" ")[0]).isLoopbackAddress()).as(l).isTrue());
  }
}
