package org.constcl.workflows.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every byte a worker writes to its stderr ends in exactly one stage log: the one it belongs to. */
class WorkerOutputTest {
  @TempDir Path dir;

  private void worker(Path stderr, String text) throws Exception {
    Files.writeString(stderr, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Test
  void outputBetweenStagesGoesToTheStageBeforeAndNothingIsLost() throws Exception {
    Path stderr = dir.resolve("worker.err");
    Files.createFile(stderr);
    WorkerOutput output = new WorkerOutput(stderr);
    Path ingest = Files.writeString(dir.resolve("ingest.log"), "# constcl ingest\n");
    Path train = Files.writeString(dir.resolve("train.log"), "# constcl train\n");

    worker(stderr, "jvm start-up warning\n");
    output.beforeStage(ingest);
    worker(stderr, "ffmpeg: native line\n");
    output.afterStage(ingest, List.of("a native stdout line"));
    worker(stderr, "a Beam thread that outlived its stage\n");
    output.beforeStage(train);
    worker(stderr, "tensorflow: oneDNN on\n");
    output.afterStage(train, List.of());
    output.beforeStage(train); // nothing written while idle: no header
    output.afterStage(train, List.of());
    worker(stderr, "written as the worker exits\n");
    output.afterExit();

    assertThat(Files.readString(ingest)).isEqualTo("""
        # constcl ingest
        # written by its worker as it started:
        jvm start-up warning
        a native stdout line
        ffmpeg: native line
        # written by its worker after this stage ended:
        a Beam thread that outlived its stage
        """);
    assertThat(Files.readString(train)).isEqualTo("""
        # constcl train
        tensorflow: oneDNN on
        # written by its worker after this stage ended:
        written as the worker exits
        """);
  }

  @Test
  void aWorkerThatRanNoStageHasNoLogToWriteTo() throws Exception {
    Path stderr = Files.writeString(dir.resolve("worker.err"), "written before any stage\n");
    new WorkerOutput(stderr).afterExit();
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(stderr);
    }
  }
}
