package org.constcl.eval.extract;

import java.io.Serializable;
import java.util.List;
import org.constcl.eval.data.ClipRef;

/**
 * One test video for feature extraction: its segments' places and its label.
 *
 * @param videoId the video
 * @param label class name, or null
 * @param labelIndex class index, or -1
 * @param segments its clip records in segment order
 */
public record VideoTask(String videoId, String label, int labelIndex, List<ClipRef> segments) implements Serializable {}
