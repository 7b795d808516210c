package org.constcl.tfmodel.data;

import java.util.ArrayList;
import java.util.List;
import org.constcl.tfmodel.model.TrainingBatch;

/**
 * Fixed batches of held-out clips: batch {@code j} holds the first usable clips of a seeded shuffle
 * of its own (no clip twice in a batch), each with views and boxes drawn as training draws them but
 * from a seed of its own (the training seed mixed with a constant) at position {@code j·n + clip},
 * so every evaluation of a run, and of every run with that seed, sees the same views, and a small
 * held-out set still gives many different batches. Clips a training run would skip (corrupt
 * frames, rejected boxes) are skipped.
 */
public final class ValidationBatches {
  private static final long SALT = 0x0a1d_a7e5L;

  private ValidationBatches() {}

  /**
   * @param batches batches wanted at most
   * @throws IllegalArgumentException when the held-out clips do not fill one batch
   */
  public static List<TrainingBatch> make(ClipIndex heldOut, DataSettings settings, int batches) {
    DataSettings fixed = settings.withSeed(SampleOrder.mix(settings.seed(), SALT, 0));
    ExampleMaker maker = new ExampleMaker(heldOut, fixed);
    List<TrainingBatch> out = new ArrayList<>();
    try {
      int b = settings.clipsPerBatch();
      int n = heldOut.size();
      for (int j = 0; j < batches; j++) {
        // Batch j: the first b usable clips of a fixed shuffle of its own, at positions of pass j.
        int[] order = SampleOrder.permutation(n, new java.util.SplittableRandom(SampleOrder.mix(fixed.seed(), j, 1)));
        TrainingBatch batch = BatchLoader.newBatch(settings);
        int filled = 0;
        for (int k = 0; k < n && filled < b; k++) {
          TrainingExample e = maker.make(order[k], (long) j * n + order[k]);
          if (!e.isSkipped()) {
            BatchLoader.put(settings, batch, filled++, e);
          }
        }
        if (filled < b) {
          break;
        }
        out.add(batch);
      }
    } finally {
      maker.close();
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("the " + heldOut.size() + " held-out clips of " + heldOut.clips() + " do not fill one"
          + " batch of " + settings.clipsPerBatch() + " usable clips");
    }
    return out;
  }
}
