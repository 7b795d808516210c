package org.constcl.eval.benchmark;

/**
 * The clip geometry a model was pre-trained with; downstream defaults follow it for small models.
 *
 * @param backbone the backbone spec ({@code r3d50}, {@code small}, {@code tiny})
 * @param frames frames per clip
 * @param frameStride stored frames between clip frames
 * @param size clip side in pixels
 */
public record PretrainingGeometry(String backbone, int frames, int frameStride, int size) {
  /** Whether this is the reference backbone (whose downstream defaults are the paper's, not the pre-training's). */
  public boolean reference() {
    return backbone.equals("r3d50");
  }
}
