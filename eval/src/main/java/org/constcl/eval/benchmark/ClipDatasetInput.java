package org.constcl.eval.benchmark;

import static org.constcl.eval.benchmark.SettingSpec.bool;
import static org.constcl.eval.benchmark.SettingSpec.choice;
import static org.constcl.eval.benchmark.SettingSpec.integer;
import static org.constcl.eval.benchmark.SettingSpec.string;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.constcl.eval.dataset.DatasetFormatException;
import org.constcl.eval.dataset.DatasetIngest;
import org.constcl.eval.dataset.DatasetLayouts;
import org.constcl.eval.dataset.DatasetSplit;
import org.constcl.eval.run.EvalException;
import org.constcl.transforms.ingest.IngestConfig;

/**
 * The labelled clip dataset a clip-reading protocol runs on: the {@code dataset} input as it is
 * (a clip dataset), or, with the {@code format} setting, an official layout (UCF101, HMDB51,
 * Kinetics) under it, ingested on Beam into the run folder first.
 */
final class ClipDatasetInput {
  /** The command-line settings that read an official layout. */
  static final List<SettingSpec> SETTINGS = List.of(
      choice("format", "Read an official layout under the dataset input and ingest it first.", "ucf101", "hmdb51", "kinetics")
          .commandLineOnly(),
      integer("split", "Official split (1-3; default 1).").commandLineOnly(),
      string("splits_dir", "Folder of the split files.").commandLineOnly(),
      string("train_csv", "Kinetics: training annotations.").commandLineOnly(),
      string("test_csv", "Kinetics: validation annotations.").commandLineOnly(),
      integer("ingest_short_side", "With format: short side of the ingested frames (default 256).").commandLineOnly(),
      bool("allow_missing", "Evaluate on the videos that exist when split files name missing ones.").commandLineOnly());

  /** The clip dataset and the name results give it. */
  record Clips(Path folder, String name, String format) {}

  private ClipDatasetInput() {}

  /** Resolves the request's dataset input, ingesting an official layout into {@code ingested} when {@code format} is set. */
  static Clips resolve(BenchmarkRequest request, SettingsReader s, Path ingested) throws EvalException, IOException {
    Path dataset = request.input("dataset");
    String format = s.string("format", null);
    if (format == null) {
      return new Clips(dataset, dataset.getFileName().toString(), null);
    }
    DatasetSplit ds;
    IngestConfig ingest;
    try {
      ds = DatasetLayouts.read(format, dataset, s.path("splits_dir"), s.integer("split", 1), s.path("train_csv"),
          s.path("test_csv"));
      ingest = IngestConfig.builder().shortSide(s.integer("ingest_short_side", 256)).build();
    } catch (DatasetFormatException | IllegalArgumentException e) {
      throw EvalException.usage(e.getMessage());
    }
    Files.createDirectories(ingested.getParent());
    try {
      DatasetIngest.run(ds, s.bool("allow_missing"), ingest, request.beam().options("constcl-eval-ingest", false), ingested,
          request.progress());
    } catch (DatasetFormatException e) {
      throw EvalException.usage(e.getMessage());
    }
    return new Clips(ingested, ds.name(), format);
  }
}
