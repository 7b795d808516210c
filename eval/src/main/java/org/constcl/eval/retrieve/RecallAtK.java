package org.constcl.eval.retrieve;

import java.util.Arrays;
import java.util.List;

/**
 * Nearest-neighbour video retrieval as self-supervised video work scores it (Xu et al., CVPR
 * 2019, and after): every query feature ranks the gallery by cosine similarity; a query hits at k
 * when one of its k nearest gallery items has its label; recall@k is the fraction of queries that
 * hit. Ties in similarity keep gallery order.
 */
public final class RecallAtK {
  /** The k values reported. */
  public static final int[] KS = {1, 5, 10, 20};

  private RecallAtK() {}

  /** One item: its label and feature (any scale; compared by cosine). */
  public record Item(int label, float[] feature) {}

  /** @return recall at each of {@code ks}, in order */
  public static double[] recall(List<Item> queries, List<Item> gallery, int[] ks) {
    if (queries.isEmpty() || gallery.isEmpty()) {
      throw new IllegalArgumentException("retrieval needs queries and a gallery (" + queries.size() + " queries, "
          + gallery.size() + " gallery items)");
    }
    double[] g = new double[gallery.size()];
    for (int j = 0; j < g.length; j++) {
      g[j] = norm(gallery.get(j).feature());
    }
    double[] hits = new double[ks.length];
    for (Item q : queries) {
      double qn = norm(q.feature());
      Integer[] order = new Integer[gallery.size()];
      double[] sim = new double[gallery.size()];
      for (int j = 0; j < order.length; j++) {
        order[j] = j;
        sim[j] = dot(q.feature(), gallery.get(j).feature()) / Math.max(1e-12, qn * g[j]);
      }
      // Stable sort: equal similarities keep gallery order.
      Arrays.sort(order, (a, b) -> Double.compare(sim[b], sim[a]));
      int firstHit = Integer.MAX_VALUE;
      for (int r = 0; r < order.length; r++) {
        if (gallery.get(order[r]).label() == q.label()) {
          firstHit = r;
          break;
        }
      }
      for (int i = 0; i < ks.length; i++) {
        if (firstHit < ks[i]) {
          hits[i]++;
        }
      }
    }
    for (int i = 0; i < ks.length; i++) {
      hits[i] /= queries.size();
    }
    return hits;
  }

  /** Recall@1 of a retriever that ranks at random: the mean over queries of the gallery's share of their label. */
  public static double chanceAt1(List<Item> queries, List<Item> gallery) {
    double sum = 0;
    for (Item q : queries) {
      sum += gallery.stream().filter(i -> i.label() == q.label()).count() / (double) gallery.size();
    }
    return sum / queries.size();
  }

  private static double dot(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("features of different widths: " + a.length + " and " + b.length);
    }
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  private static double norm(float[] a) {
    return Math.sqrt(dot(a, a));
  }
}
