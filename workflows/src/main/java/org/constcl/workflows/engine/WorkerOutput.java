package org.constcl.workflows.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * What a warm worker writes outside its stages' Java streams, put in the stage log it belongs to.
 * The worker's stderr is a file: native code writes there (TensorFlow, FFmpeg), and so does Java
 * code while no stage runs (a library thread that outlived its stage). What a stage's run adds is
 * appended to that stage's log after its own output; what was written while the worker was idle
 * goes to the log of the stage before (whose threads wrote it), or, before the worker's first
 * stage, to that stage's log; what the worker writes as it exits, to its last stage's log.
 * Synchronized: an engine that stops mid-stage reads the exit of a worker whose stage still ends.
 */
final class WorkerOutput {
  static final String IDLE_HEADER = "# written by its worker after this stage ended:";
  static final String START_HEADER = "# written by its worker as it started:";

  private final Path file;
  private long consumed;
  private Path lastLog;

  WorkerOutput(Path file) {
    this.file = file;
  }

  /** Before a stage that logs to {@code log}: what the worker wrote since its last stage. */
  synchronized void beforeStage(Path log) throws IOException {
    appendNew(lastLog != null ? lastLog : log, lastLog != null ? IDLE_HEADER : START_HEADER, List.of());
  }

  /** After that stage: the lines it printed on the worker's stdout, then what it wrote to stderr. */
  synchronized void afterStage(Path log, List<String> stdoutLines) throws IOException {
    appendNew(log, null, stdoutLines);
    lastLog = log;
  }

  /** After the worker exited: what it wrote since its last stage. */
  synchronized void afterExit() throws IOException {
    if (lastLog != null) {
      appendNew(lastLog, IDLE_HEADER, List.of());
    }
  }

  private void appendNew(Path log, String header, List<String> lines) throws IOException {
    long size = Files.size(file);
    if (size <= consumed && lines.isEmpty()) {
      return;
    }
    try (OutputStream out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        InputStream in = Files.newInputStream(file)) {
      if (header != null) {
        out.write((header + "\n").getBytes(StandardCharsets.UTF_8));
      }
      for (String s : lines) {
        out.write((s + "\n").getBytes(StandardCharsets.UTF_8));
      }
      in.skipNBytes(consumed);
      consumed += in.transferTo(out);
    }
  }
}
