package org.constcl.workflows.cli;

import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.Callable;
import org.constcl.proposal.source.ProposalConfig;
import org.constcl.proposal.source.RegionSourceType;
import org.constcl.proposal.source.RegionSources;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ExitCodes;
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
    for (RegionSourceType s : RegionSources.all()) {
      ProposalConfig c = ProposalConfig.builder(s.name()).build();
      console.out().printf("%s  (%s): %s%n", s.name(), c.engine().id(), s.description());
      for (Map.Entry<String, String> e : c.params().asMap().entrySet()) {
        console.out().printf("    %-22s %s%n", e.getKey(), e.getValue());
      }
    }
    console.out().println(String.join(" and ", RegionSources.all().stream().filter(RegionSourceType::takesModel)
        .map(RegionSourceType::name).toList()) + " with --model: an ONNX file (OpenCV DNN) or a TensorFlow SavedModel folder;"
        + " parameters score-threshold, nms-iou, max-boxes, classes, input-size, pixel-scale, pixel-mean, rgb, signature"
        + " (docs/proposals.md)");
    console.out().flush();
    return ExitCodes.OK;
  }
}
