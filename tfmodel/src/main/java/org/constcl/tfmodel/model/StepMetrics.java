package org.constcl.tfmodel.model;

/**
 * What one training step computed (before its update was applied).
 *
 * @param step the step number (0-based) this update was for
 * @param learningRate the rate it used
 * @param total total loss
 * @param global global contrastive loss (both directions summed)
 * @param local local instance loss (directions averaged)
 * @param weightDecay the L2 term
 * @param accuracy global contrastive accuracy
 * @param entropy global contrastive entropy
 */
public record StepMetrics(
    long step, float learningRate, float total, float global, float local, float weightDecay,
    float accuracy, float entropy) {}
