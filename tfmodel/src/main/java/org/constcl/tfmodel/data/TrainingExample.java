package org.constcl.tfmodel.data;

/**
 * One clip's two augmented views and their keyframe boxes, or why the clip was skipped.
 *
 * @param clipId the clip
 * @param views uint8 RGB frames of view 1 and view 2, {@code [T, S, S, 3]} each
 * @param boxes {@code [N, 4]} per view
 * @param masks {@code [N]} per view
 * @param skipReason null for a usable example; otherwise why the clip was skipped
 * @param skipDetail what exactly was wrong
 */
public record TrainingExample(String clipId, byte[][] views, float[][] boxes, float[][] masks, String skipReason,
    String skipDetail) {

  static TrainingExample skipped(String clipId, String reason, String detail) {
    return new TrainingExample(clipId, null, null, null, reason, detail);
  }

  public boolean isSkipped() {
    return skipReason != null;
  }
}
