package org.constcl.workflows.cli;

import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.options.PipelineOptions;
import org.constcl.eval.dataset.DatasetFormatException;
import org.constcl.eval.dataset.DatasetIngest;
import org.constcl.eval.dataset.DatasetLayouts;
import org.constcl.eval.dataset.DatasetSplit;
import org.constcl.transforms.beam.RunnerSettings;
import org.constcl.transforms.ingest.IngestConfig;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ConsoleErrStream;
import org.constcl.workflows.console.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code constcl datasets ingest}: an official layout to a labelled clip dataset that evaluations share. */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Ingest a labelled dataset in an official layout (ucf101, hmdb51, kinetics) into a clip dataset with"
        + " labels and train/test split, for constcl eval --dataset <clips>. Missing videos are an error unless"
        + " --allow-missing."})
final class DatasetsIngestCommand implements Callable<Integer> {
  @Option(names = "--dataset", required = true, paramLabel = "<dir>", description = "Dataset root.")
  Path dataset;

  @Option(names = "--format", required = true, paramLabel = "<fmt>", description = "ucf101, hmdb51 or kinetics.")
  String format;

  @Option(names = "--split", defaultValue = "1", paramLabel = "<n>", description = "Official split (default 1).")
  int split;

  @Option(names = "--splits-dir", paramLabel = "<dir>", description = "Folder of the split files (default: the usual place).")
  Path splitsDir;

  @Option(names = "--train-csv", paramLabel = "<csv>", description = "Kinetics: training annotations.")
  Path trainCsv;

  @Option(names = "--test-csv", paramLabel = "<csv>", description = "Kinetics: validation annotations.")
  Path testCsv;

  @Option(names = "--short-side", defaultValue = "256", paramLabel = "<px>", description = "Short side of stored frames (default 256).")
  int shortSide;

  @Option(names = "--allow-missing", description = "Ingest the videos that exist when split files name missing ones.")
  boolean allowMissing;

  @Option(names = "--output", required = true, paramLabel = "<dir>", description = "Clip dataset folder to write.")
  Path output;

  @Mixin RunnerOptions runner;

  private final Console console;
  private final PipelineLauncher launcher;

  @Inject
  DatasetsIngestCommand(Console console, PipelineLauncher launcher) {
    this.console = console;
    this.launcher = launcher;
  }

  @Override
  public Integer call() throws IOException {
    PrintStream progress = ConsoleErrStream.printStream(console);
    try {
      DatasetSplit ds = DatasetLayouts.read(format, dataset, splitsDir, split, trainCsv, testCsv);
      IngestConfig config = IngestConfig.builder().shortSide(shortSide).build();
      RunnerSettings settings = runner.settings("datasets ingest");
      PipelineOptions options = launcher.options(settings, "constcl-dataset-ingest");
      DatasetIngest.Result r = DatasetIngest.run(ds, allowMissing, config, options, output, progress);
      console.out().printf(Locale.ROOT, "%s split %d: %d records from %d videos into %s%s%n", ds.name(), split,
          r.summary().path("records").asLong(), r.summary().path("videos").path("ingested").asLong(), output,
          r.missing() > 0 ? " (" + r.missing() + " named videos missing, --allow-missing)" : "");
      console.out().flush();
      return ExitCodes.OK;
    } catch (DatasetFormatException | IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    } catch (RuntimeException e) {
      throw new CliException(ExitCodes.FAILED, "dataset ingest failed: " + CliException.rootMessage(e), e);
    }
  }
}
