package org.constcl.eval.propagate;

import java.util.ArrayList;
import java.util.List;

/**
 * Semi-supervised label propagation on frozen features, as self-supervised video work scores
 * correspondence on DAVIS (Jabri et al.'s CRW test protocol): each frame's features are
 * L2-normalised per location; a location of frame t takes the labels of its {@code topK} most
 * similar locations among the first frame (ground truth) and the {@code context} previous frames
 * (their propagated soft labels), only within {@code radius} feature cells of its own position,
 * weighted by a softmax of similarity / {@code temperature}. Ties keep the earlier candidate
 * (first frame, then older frames, then row-major position).
 */
public final class LabelPropagation {
  /**
   * @param topK neighbours a location takes its label from (CRW: 10)
   * @param temperature softmax temperature over their similarities (CRW: 0.05)
   * @param radius largest distance, in feature cells, to a neighbour (CRW: 12)
   * @param context previous frames besides the first (CRW: 20)
   */
  public record Settings(int topK, double temperature, double radius, int context) {
    public Settings {
      if (topK < 1 || !(temperature > 0) || !(radius >= 0) || context < 1) {
        throw new IllegalArgumentException("propagation needs topk >= 1, temperature > 0, radius >= 0 and context >= 1");
      }
    }

    /** CRW's test settings. */
    public static Settings crw() {
      return new Settings(10, 0.05, 12, 20);
    }
  }

  /** Dot products of every target row with every context row. */
  @FunctionalInterface
  public interface Similarity {
    /**
     * @param targets [q, c] row-major
     * @param context [m, c] row-major
     * @return [q, m] row-major
     */
    float[] products(float[] targets, int q, float[] context, int m, int c);

    /** Plain loops: the reference the faster implementations are checked against. */
    static Similarity loops() {
      return (targets, q, context, m, c) -> {
        float[] out = new float[q * m];
        for (int i = 0; i < q; i++) {
          for (int j = 0; j < m; j++) {
            float s = 0;
            for (int k = 0; k < c; k++) {
              s += targets[i * c + k] * context[j * c + k];
            }
            out[i * m + j] = s;
          }
        }
        return out;
      };
    }
  }

  private final Settings settings;
  private final Similarity similarity;

  public LabelPropagation(Settings settings, Similarity similarity) {
    this.settings = settings;
    this.similarity = similarity;
  }

  /**
   * Propagates the first frame's labels through a sequence.
   *
   * @param features per frame, [h·w, c] row-major, L2-normalised rows
   * @param first the first frame's soft labels [h·w, labels]
   * @return soft labels [h·w, labels] per frame, the first frame's as given
   */
  public List<float[]> propagate(List<float[]> features, int h, int w, int c, float[] first, int labels) {
    int cells = h * w;
    if (first.length != cells * labels) {
      throw new IllegalArgumentException("first-frame labels hold " + first.length + " values, not " + cells + " x " + labels);
    }
    for (float[] f : features) {
      if (f.length != cells * c) {
        throw new IllegalArgumentException("a frame's features hold " + f.length + " values, not " + cells + " x " + c);
      }
    }
    List<float[]> out = new ArrayList<>();
    out.add(first.clone());
    for (int t = 1; t < features.size(); t++) {
      List<Integer> ctx = new ArrayList<>();
      ctx.add(0);
      for (int p = Math.max(1, t - settings.context()); p < t; p++) {
        ctx.add(p);
      }
      float[] context = new float[ctx.size() * cells * c];
      for (int k = 0; k < ctx.size(); k++) {
        System.arraycopy(features.get(ctx.get(k)), 0, context, k * cells * c, cells * c);
      }
      float[] scores = similarity.products(features.get(t), cells, context, ctx.size() * cells, c);
      float[] predicted = new float[cells * labels];
      for (int q = 0; q < cells; q++) {
        predict(scores, q, h, w, ctx, out, labels, predicted);
      }
      out.add(predicted);
    }
    return out;
  }

  private void predict(float[] scores, int q, int h, int w, List<Integer> ctx, List<float[]> soft, int labels,
      float[] predicted) {
    int cells = h * w;
    int m = ctx.size() * cells;
    int k = settings.topK();
    float[] best = new float[k];
    int[] index = new int[k];
    int found = 0;
    int qy = q / w;
    int qx = q % w;
    double r = settings.radius();
    int ir = (int) Math.floor(r);
    double r2 = r * r;
    for (int f = 0; f < ctx.size(); f++) {
      for (int y = Math.max(0, qy - ir); y <= Math.min(h - 1, qy + ir); y++) {
        for (int x = Math.max(0, qx - ir); x <= Math.min(w - 1, qx + ir); x++) {
          int dy = y - qy;
          int dx = x - qx;
          if (dx * dx + dy * dy > r2) {
            continue;
          }
          int j = f * cells + y * w + x;
          float s = scores[q * m + j];
          // Insert keeping descending order; equal scores stay behind earlier candidates.
          if (found < k || s > best[found - 1]) {
            int pos = found < k ? found : k - 1;
            while (pos > 0 && best[pos - 1] < s) {
              if (pos < k) {
                best[pos] = best[pos - 1];
                index[pos] = index[pos - 1];
              }
              pos--;
            }
            best[pos] = s;
            index[pos] = j;
            if (found < k) {
              found++;
            }
          }
        }
      }
    }
    if (found == 0) {
      return;
    }
    double max = best[0];
    double[] weight = new double[found];
    double sum = 0;
    for (int i = 0; i < found; i++) {
      weight[i] = Math.exp((best[i] - max) / settings.temperature());
      sum += weight[i];
    }
    for (int i = 0; i < found; i++) {
      int frame = ctx.get(index[i] / cells);
      int cell = index[i] % cells;
      float[] src = soft.get(frame);
      double wgt = weight[i] / sum;
      for (int l = 0; l < labels; l++) {
        predicted[q * labels + l] += (float) (wgt * src[cell * labels + l]);
      }
    }
  }
}
