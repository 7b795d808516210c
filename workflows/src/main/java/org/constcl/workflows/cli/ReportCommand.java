package org.constcl.workflows.cli;

import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ExitCodes;
import org.constcl.workflows.report.ManifestFile;
import org.constcl.workflows.report.ReportWriter;
import org.constcl.workflows.tensorboard.RunTensorBoard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code constcl report}: the ablation table and charts of a run as Markdown and HTML, and its TensorBoard folder. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Write report.md and a self-contained report.html for a run: the ablation table (rows = grid cells,"
        + " columns = metrics, mean ± std over seeds, difference to a baseline row), the training curves and per benchmark"
        + " a chart with error bars over seeds (each chart also as PNG and SVG); and the run's TensorBoard folder"
        + " (tensorboard/ beside the manifest: HParams table of every cell, its curves and metrics)."})
final class ReportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "<manifest>", description = "A manifest.json or its run folder.")
  String manifest;

  @Option(names = "--output", paramLabel = "<dir>", description = "Folder to write (default: report/ beside the manifest).")
  Path output;

  @Option(names = "--baseline", paramLabel = "<axis=value>",
      description = "Baseline row by axis values, e.g. --baseline pretrain.regions=random (default: the file's report.baseline,"
          + " else the first row).")
  Map<String, String> baseline = new LinkedHashMap<>();

  private final Console console;

  @Inject
  ReportCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws Exception {
    List<Path> files;
    try {
      ManifestFile m = ManifestFile.read(manifest);
      files = new java.util.ArrayList<>(ReportWriter.write(m, baseline, output != null ? output : m.path().resolveSibling("report")));
      if (m.cell() == null && Files.isDirectory(m.path().getParent())) {
        // The run's TensorBoard folder, written again from the manifest (a run that stopped before writing it gets one).
        files.add(RunTensorBoard.write(m.json(), m.path().getParent()));
      }
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    files.forEach(f -> console.out().println("wrote " + f));
    console.out().flush();
    return ExitCodes.OK;
  }
}
