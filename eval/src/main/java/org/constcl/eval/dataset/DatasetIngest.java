package org.constcl.eval.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.options.PipelineOptions;
import org.constcl.transforms.ingest.IngestConfig;
import org.constcl.transforms.ingest.IngestPipeline;
import org.constcl.transforms.summary.SummaryFiles;

/**
 * Ingests the videos of a dataset split into a labelled clip dataset (label, label index and
 * split on every record). Videos the split files name but that do not exist are reported and
 * counted; the run stops unless {@code allowMissing}. A finished clip dataset already at the target
 * made from the same split is reused.
 */
public final class DatasetIngest {
  private DatasetIngest() {}

  /** The clip dataset's summary and how many named videos were missing. */
  public record Result(JsonNode summary, int missing, boolean reused) {}

  public static Result run(DatasetSplit split, boolean allowMissing, IngestConfig config, PipelineOptions options,
      Path clips, PrintStream progress) throws DatasetFormatException, IOException {
    DatasetSplit.Check check = split.check();
    if (!check.missing().isEmpty()) {
      if (!allowMissing) {
        throw new DatasetFormatException(split.name() + ": " + check.describeMissing()
            + "; pass --allow-missing to evaluate on the videos that exist");
      }
      progress.println("warning: " + split.name() + ": " + check.describeMissing() + "; continuing (--allow-missing)");
    }
    long train = check.present().stream().filter(v -> v.split().equals(DatasetSplit.TRAIN)).count();
    long test = check.present().size() - train;
    if (train == 0) {
      throw new DatasetFormatException(split.name() + ": no training video exists under " + split.root());
    }
    if (test == 0) {
      throw new DatasetFormatException(split.name() + ": the test split is empty (no test video exists under "
          + split.root() + ")");
    }
    String key = split.name() + " " + check.present().size() + " videos from " + split.root().toAbsolutePath().normalize();
    Path marker = clips.resolve("_SOURCE.txt");
    if (Files.isRegularFile(clips.resolve(SummaryFiles.FILE_NAME)) && Files.isRegularFile(marker)
        && Files.readString(marker).equals(key)) {
      return new Result(SummaryFiles.read(clips), check.missing().size(), true);
    }
    progress.printf("ingesting %d train and %d test videos of %s into %s%n", train, test, split.name(), clips);
    JsonNode summary = IngestPipeline.run(options, split.toSources(check.present()), config, clips, true);
    Files.writeString(marker, key);
    return new Result(summary, check.missing().size(), false);
  }
}
