package org.constcl.tfmodel.run;

import java.io.IOException;
import java.nio.file.Path;

/** A model whose variables can be written into a checkpoint folder and read back. */
public interface Checkpointable {
  /** Writes every variable (a TensorFlow checkpoint, prefix {@link RunLayout#VARIABLES}) into {@code folder}. */
  void saveCheckpoint(Path folder) throws IOException;

  /** Reads what {@link #saveCheckpoint} wrote, into a model of the same config. */
  void restoreCheckpoint(Path folder) throws IOException;
}
