package org.constcl.workflows.cli;

import java.nio.file.Path;
import org.constcl.eval.dataset.DatasetFormatException;
import org.constcl.eval.dataset.DatasetSplit;
import org.constcl.eval.dataset.Hmdb51Splits;
import org.constcl.eval.dataset.KineticsCsv;
import org.constcl.eval.dataset.Ucf101Splits;

/** Reads an official dataset layout (--format ucf101|hmdb51|kinetics) into a split. */
final class DatasetLayouts {
  private DatasetLayouts() {}

  static DatasetSplit read(String format, Path root, Path splitsDir, int split, Path trainCsv, Path testCsv)
      throws DatasetFormatException {
    switch (format) {
      case "ucf101":
        return Ucf101Splits.read(root, splitsDir, split);
      case "hmdb51":
        return Hmdb51Splits.read(root, splitsDir, split);
      case "kinetics":
        if (trainCsv == null || testCsv == null) {
          throw new DatasetFormatException("--format kinetics needs --train-csv and --test-csv");
        }
        return KineticsCsv.read(root, trainCsv, testCsv, null);
      default:
        throw new DatasetFormatException("unknown --format " + format + " (ucf101, hmdb51, kinetics)");
    }
  }
}
