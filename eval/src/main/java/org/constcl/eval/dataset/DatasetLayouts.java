package org.constcl.eval.dataset;

import java.nio.file.Path;

/** Reads an official dataset layout (ucf101, hmdb51, kinetics) into a split. */
public final class DatasetLayouts {
  private DatasetLayouts() {}

  public static DatasetSplit read(String format, Path root, Path splitsDir, int split, Path trainCsv, Path testCsv)
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
