package org.constcl.proposal.source;

/**
 * Which frame a proposer is looking at: its clip, its stored-frame index and its size. Random
 * sources derive their per-frame seed from it.
 */
public record FrameRef(String clipId, int frameIndex, int width, int height) {}
