package org.constcl.workflows.cli;

import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.Callable;
import org.constcl.proposal.source.ProposalConfig;
import org.constcl.proposal.source.RegionSource;
import org.constcl.workflows.console.Console;
import picocli.CommandLine.Command;

/** {@code constcl proposals sources}: every source's default engine and parameters. */
@Command(
    name = "sources",
    mixinStandardHelpOptions = true,
    description = "List the region sources, their default engines and their parameters (set with --set key=value).")
final class ProposalsSourcesCommand implements Callable<Integer> {
  private final Console console;

  @Inject
  ProposalsSourcesCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    for (RegionSource s : RegionSource.values()) {
      ProposalConfig c = ProposalConfig.builder(s.id()).build();
      console.out().printf("%s  (%s)%n", s.id(), c.engine().id());
      for (Map.Entry<String, String> e : c.params().asMap().entrySet()) {
        console.out().printf("    %-22s %s%n", e.getKey(), e.getValue());
      }
    }
    console.out().println("person and object with --model: an ONNX file (OpenCV DNN) or a TensorFlow SavedModel folder;"
        + " parameters score-threshold, nms-iou, max-boxes, classes, input-size, pixel-scale, pixel-mean, rgb, signature"
        + " (docs/proposals.md)");
    console.out().flush();
    return ExitCodes.OK;
  }
}
