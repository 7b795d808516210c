package org.constcl.proposal.pipeline;

import java.io.Serializable;

/**
 * What proposing one clip produced, summed into {@link BoxTotals}.
 *
 * @param clipId the clip
 * @param rejected whether the clip was rejected
 * @param boxesPerFrame box count of each frame that carries boxes
 */
record ClipBoxStats(String clipId, boolean rejected, int[] boxesPerFrame) implements Serializable {}
