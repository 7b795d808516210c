package org.constcl.tfmodel.model;

/**
 * One training batch for a model with B clips per batch: 2B views (views a of every clip, then
 * views b in the same clip order), as uint8 RGB frames, plus each view's keyframe boxes and masks.
 *
 * @param clips [2B, T, S, S, 3] uint8 (Java bytes are read as unsigned)
 * @param boxes [2B, N, 4] as [ymin, xmin, ymax, xmax] normalised to the view
 * @param masks [2B, N], 1 for a valid box and 0 for padding
 */
public record TrainingBatch(byte[] clips, float[] boxes, float[] masks) {
  /**
   * The views at {@code rows} (indices into this batch's {@code viewCount} views), in that order,
   * as a batch of their own (a tower's or a micro-batch's share).
   */
  public TrainingBatch views(int[] rows, int viewCount) {
    int frame = clips.length / viewCount;
    int regions = masks.length / viewCount;
    byte[] c = new byte[rows.length * frame];
    float[] b = new float[rows.length * regions * 4];
    float[] m = new float[rows.length * regions];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(clips, rows[i] * frame, c, i * frame, frame);
      System.arraycopy(boxes, rows[i] * regions * 4, b, i * regions * 4, regions * 4);
      System.arraycopy(masks, rows[i] * regions, m, i * regions, regions);
    }
    return new TrainingBatch(c, b, m);
  }
}
