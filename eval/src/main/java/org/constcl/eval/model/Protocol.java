package org.constcl.eval.model;

/** How a downstream classifier trains on the pre-trained backbone. */
public enum Protocol {
  /**
   * Linear evaluation: frozen backbone (moving statistics), L2-normalised pooled feature, one linear
   * layer; no dropout, no weight decay.
   */
  LINEAR,
  /** Fine-tuning: every layer trains (batch statistics), dropout before the linear layer, weight decay. */
  FINETUNE;

  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
