package org.constcl.workflows.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.constcl.eval.ava.AvaEvaluator;
import org.constcl.eval.ava.AvaFormatException;
import org.constcl.eval.ava.AvaProtocol;
import org.constcl.eval.ava.AvaRows;
import org.constcl.eval.ava.LabelMap;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code constcl eval ava-map}: the official AVA frame-mAP on your own detection file. */
@Command(name = "ava-map", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Frame-level AVA mAP at IoU 0.5 with the official script's semantics and inputs; per-class AP and mAP"
        + " as JSON on stdout (keys as the official script names them)."})
final class AvaMapCommand implements Callable<Integer> {
  @Option(names = {"-l", "--labelmap"}, required = true, paramLabel = "<labelmap.pbtxt>",
      description = "Label map (item {name, id} or label {name, label_id} layout).")
  Path labelMap;

  @Option(names = {"-g", "--groundtruth"}, required = true, paramLabel = "<csv>", description = "Ground-truth CSV.")
  Path groundTruth;

  @Option(names = {"-d", "--detections"}, required = true, paramLabel = "<csv>", description = "Detections CSV.")
  Path detections;

  @Option(names = {"-e", "--exclusions"}, paramLabel = "<csv>", description = "Excluded timestamps (protocol 2018).")
  Path exclusions;

  @Option(names = "--protocol", defaultValue = "current", paramLabel = "<current|2018>",
      description = "current (2-column empty keyframes; detections on unknown keyframes ignored) or 2018 (exclusions"
          + " file; detections on any frame without ground truth are false positives). Default: ${DEFAULT-VALUE}.")
  String protocol;

  private final Console console;

  @Inject
  AvaMapCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws IOException {
    AvaProtocol p;
    try {
      p = AvaProtocol.of(protocol);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    if (exclusions != null && p == AvaProtocol.CURRENT) {
      throw CliException.usage("--exclusions belongs to --protocol 2018 (the current protocol declares empty keyframes"
          + " with 2-column ground-truth rows)");
    }
    for (Path f : exclusions == null ? new Path[] {labelMap, groundTruth, detections} : new Path[] {labelMap, groundTruth,
        detections, exclusions}) {
      if (!Files.isRegularFile(f)) {
        throw CliException.usage(f + ": no such file");
      }
    }
    AvaEvaluator.Result r;
    LabelMap labels;
    try {
      labels = LabelMap.read(labelMap);
      Set<String> excluded = exclusions == null ? Set.of() : AvaRows.excluded(exclusions, p);
      r = AvaEvaluator.evaluate(labels, AvaRows.groundTruth(groundTruth, p), AvaRows.detections(detections, p), excluded, p);
    } catch (AvaFormatException e) {
      throw CliException.usage(e.getMessage());
    }
    ObjectNode o = new ObjectMapper().createObjectNode();
    o.put("protocol", p.id());
    o.put("PascalBoxes_Precision/mAP@0.5IOU", r.meanAp());
    for (Map.Entry<Integer, Double> e : r.ap().entrySet()) {
      String key = "PascalBoxes_PerformanceByCategory/AP@0.5IOU/" + labels.names().get(e.getKey());
      if (e.getValue().isNaN()) {
        o.putNull(key);
      } else {
        o.put(key, e.getValue());
      }
    }
    o.put("keyframes", r.frames());
    o.put("detections_scored", r.detections());
    o.put("detections_ignored", r.ignored());
    console.out().println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(o));
    console.out().flush();
    return ExitCodes.OK;
  }
}
