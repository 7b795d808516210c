package org.constcl.tfmodel.data;

import org.constcl.proposal.source.RandomBoxGenerator;

/**
 * What the loader produces and how.
 *
 * @param frames frames per view (T)
 * @param frameStride stored frames between a view's frames (s)
 * @param size view height and width in pixels (S)
 * @param clipsPerBatch clips per batch (B); a batch holds 2B views
 * @param regions box slots per view (N)
 * @param seed seed of shuffling, view sampling, augmentation and random boxes
 * @param threads loader worker threads (the output does not depend on it)
 * @param prefetchBatches batches prepared ahead of the trainer
 * @param shuffleBuffer clips in the shuffle buffer
 * @param regionBoxes boxes from a box dataset (true) or random boxes in view coordinates (false)
 * @param randomBoxes the generator of random boxes
 * @param augment the per-view augmentation
 * @param reducedDecode decode JPEGs at 1/2, 1/4 or 1/8 scale when the view's crop keeps at
 *     least {@code size} pixels per side at that scale
 */
public record DataSettings(
    int frames, int frameStride, int size, int clipsPerBatch, int regions, long seed, int threads,
    int prefetchBatches, int shuffleBuffer, boolean regionBoxes, RandomBoxGenerator randomBoxes,
    AugmentSettings augment, boolean reducedDecode) {

  public DataSettings {
    if (frames < 1 || frameStride < 1 || size < 8 || clipsPerBatch < 1 || regions < 1 || threads < 1
        || prefetchBatches < 1 || shuffleBuffer < 1) {
      throw new IllegalArgumentException("invalid data settings: " + this);
    }
  }

  /** These settings with another seed. */
  public DataSettings withSeed(long newSeed) {
    return new DataSettings(frames, frameStride, size, clipsPerBatch, regions, newSeed, threads, prefetchBatches,
        shuffleBuffer, regionBoxes, randomBoxes, augment, reducedDecode);
  }

  /** Bytes of one view's frames. */
  public int viewBytes() {
    return frames * size * size * 3;
  }
}
