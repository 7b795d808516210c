package org.constcl.eval.data;

import java.io.Serializable;
import org.constcl.transforms.io.ClipRows;

/**
 * Where one clip record is and what a downstream task needs to know about it without reading its
 * frames.
 *
 * @param place where the record is in its dataset
 * @param clipId the record's clip id
 * @param videoId its video
 * @param segmentIndex segment of the video
 * @param numFrames frames stored
 * @param width frame width
 * @param height frame height
 * @param label class name, or null
 * @param labelIndex class index, or -1
 * @param split split name, or null
 */
public record ClipRef(ClipRows.Place place, String clipId, String videoId, int segmentIndex,
    int numFrames, int width, int height, String label, int labelIndex, String split) implements Serializable {}
