package org.constcl.workflows.stage;

/** What a running stage instance occupies; the runner limits each separately. */
public enum Resource {
  /** A Beam pipeline (embedded Flink or a cluster job). */
  BEAM,
  /** A TensorFlow process: training or evaluation, one per GPU. */
  TENSORFLOW,
  /** Local work of its own (generating a dataset). */
  LOCAL
}
