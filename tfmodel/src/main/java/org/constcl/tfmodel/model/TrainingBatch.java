package org.constcl.tfmodel.model;

/**
 * One training batch for a model with B clips per batch: 2B views (views a of every clip, then
 * views b in the same clip order), as uint8 RGB frames, plus each view's keyframe boxes and masks.
 *
 * @param clips [2B, T, S, S, 3] uint8 (Java bytes are read as unsigned)
 * @param boxes [2B, N, 4] as [ymin, xmin, ymax, xmax] normalised to the view
 * @param masks [2B, N], 1 for a valid box and 0 for padding
 */
public record TrainingBatch(byte[] clips, float[] boxes, float[] masks) {}
