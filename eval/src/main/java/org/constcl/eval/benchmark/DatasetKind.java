package org.constcl.eval.benchmark;

/** What a benchmark's dataset holds, as the experiment engine checks it before planning. */
public enum DatasetKind {
  CLASSIFICATION, AVA, OTB, GOT10K, DAVIS;

  /** What a dataset of this kind is, for error messages. */
  public String description() {
    return switch (this) {
      case CLASSIFICATION -> "a labelled classification dataset (make: speed-direction or format: ucf101|hmdb51|kinetics)";
      case AVA -> "an AVA dataset (make: ava or format: ava)";
      case OTB -> "OTB sequences (make: tracking with layout otb, or format: otb)";
      case GOT10K -> "a GOT-10k split (make: tracking with layout: got10k, or format: got10k)";
      case DAVIS -> "a DAVIS-2017 folder (make: davis, or format: davis)";
    };
  }
}
