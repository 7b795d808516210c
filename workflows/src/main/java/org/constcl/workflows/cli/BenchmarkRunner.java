package org.constcl.workflows.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.constcl.eval.benchmark.BenchmarkProtocol;
import org.constcl.eval.benchmark.BenchmarkRequest;
import org.constcl.eval.benchmark.BenchmarkResult;
import org.constcl.eval.run.BackboneSource;
import org.constcl.transforms.beam.RunnerSettings;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ConsoleErrStream;
import org.constcl.workflows.console.ExitCodes;

/**
 * Runs a benchmark protocol for a command ({@code eval run} and the per-protocol commands): builds
 * its request, maps failures to exit codes (bad input 2, a failed run 1) and prints the result line.
 */
final class BenchmarkRunner {
  private final Console console;
  private final PipelineLauncher launcher;

  @Inject
  BenchmarkRunner(Console console, PipelineLauncher launcher) {
    this.console = console;
    this.launcher = launcher;
  }

  /**
   * Runs {@code protocol} and prints {@code <protocol> <spec> [on <dataset>] (<init> init): <result>; wrote <output>}.
   *
   * @param runner where its Beam pipelines run (null for protocols without any)
   */
  int run(BenchmarkProtocol protocol, Map<String, Path> inputs, BackboneInitOptions init, ObjectNode settings, Path output,
      RunnerOptions runner, String command) throws IOException {
    return EvalFailures.handle(protocol.id() + " evaluation", () -> {
      BackboneSource source = init.resolve();
      RunnerSettings beam = runner == null ? null : runner.settings(command);
      BenchmarkRequest request = new BenchmarkRequest(inputs, source, settings, output,
          (job, tf) -> {
            if (beam == null) {
              throw new IllegalStateException(protocol.id() + " runs no Beam pipeline");
            }
            return launcher.options(beam, job, tf);
          }, ConsoleErrStream.printStream(console));
      BenchmarkResult r = protocol.run(request);
      console.out().printf("%s %s%s (%s init): %s; wrote %s%n", protocol.id(), source.spec(),
          r.dataset() == null ? "" : " on " + r.dataset(), source.checkpoint() == null ? "random" : "pre-trained", r.headline(),
          output.resolve("metrics.json"));
      console.out().flush();
      return ExitCodes.OK;
    });
  }
}
