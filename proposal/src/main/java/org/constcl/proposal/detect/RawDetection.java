package org.constcl.proposal.detect;

/**
 * One detection as a model reported it: class id, score and normalised corners (may lie slightly
 * outside [0, 1]; callers clamp).
 */
public record RawDetection(int classId, float score, float ymin, float xmin, float ymax, float xmax) {}
