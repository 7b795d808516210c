package org.constcl.tfmodel.model;

import java.util.Random;
import org.constcl.tfmodel.head.ReconstructorConfig;
import org.constcl.tfmodel.train.LearningRateSchedule;
import org.constcl.tfmodel.train.MomentumOptimizer;

/** A tiny ConST-CL model and a learnable fixed batch for fast tests. */
final class TinyModels {
  static final int CLIPS = 4;
  static final int FRAMES = 8;
  static final int SIZE = 48;
  static final int REGIONS = 4;

  private TinyModels() {}

  static ModelConfig.Builder config() {
    return ModelConfig.builder()
        .backbone("tiny").frames(FRAMES).size(SIZE).clipsPerBatch(CLIPS).regions(REGIONS)
        .mlp(1, 64).embeddingWidth(32)
        .reconstructor(new ReconstructorConfig(3, 2, 0.5f, 16, 2, 2, 1e-12f, 0f))
        .lossWeights(1f, 0.5f)
        .optimizer(MomentumOptimizer.sgd(0.9f))
        .schedule(new LearningRateSchedule(0.05f, 3, 200))
        .threads(2)
        .seed(7);
  }

  /**
   * Two views per clip that share content: each clip is a random pattern moving one pixel per
   * frame; view b is the same pattern a few pixels shifted with noise. Boxes cover quadrants.
   */
  static TrainingBatch batch(long seed) {
    Random r = new Random(seed);
    int views = 2 * CLIPS;
    byte[] clips = new byte[views * FRAMES * SIZE * SIZE * 3];
    for (int c = 0; c < CLIPS; c++) {
      int[][] pattern = new int[SIZE * 2][SIZE * 2];
      for (int y = 0; y < pattern.length; y++) {
        for (int x = 0; x < pattern[0].length; x++) {
          pattern[y][x] = r.nextInt(256);
        }
      }
      int color = r.nextInt(3);
      for (int v = 0; v < 2; v++) {
        int view = v * CLIPS + c;
        int shift = v * 3;
        for (int t = 0; t < FRAMES; t++) {
          for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
              int value = pattern[y + shift][x + t + shift];
              if (v == 1) {
                value = Math.max(0, Math.min(255, value + r.nextInt(21) - 10));
              }
              int base = ((((view * FRAMES) + t) * SIZE + y) * SIZE + x) * 3;
              for (int ch = 0; ch < 3; ch++) {
                clips[base + ch] = (byte) (ch == color ? value : value / 3);
              }
            }
          }
        }
      }
    }
    float[] boxes = new float[views * REGIONS * 4];
    float[] masks = new float[views * REGIONS];
    for (int v = 0; v < views; v++) {
      for (int k = 0; k < REGIONS; k++) {
        int i = (v * REGIONS + k) * 4;
        float y = (k / 2) * 0.5f;
        float x = (k % 2) * 0.5f;
        boxes[i] = y;
        boxes[i + 1] = x;
        boxes[i + 2] = y + 0.5f;
        boxes[i + 3] = x + 0.5f;
        masks[v * REGIONS + k] = k == REGIONS - 1 && v % 2 == 1 ? 0f : 1f; // some padding
      }
    }
    return new TrainingBatch(clips, boxes, masks);
  }
}
