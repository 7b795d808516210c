package org.constcl.transforms.video;

import java.util.List;

/**
 * JPEG frames decoded for one segment.
 *
 * @param frames JPEG bytes, in presentation order
 * @param timestampsUs presentation time of each frame
 * @param seeked whether the frames were reached by a verified seek (false: decoded from the start)
 * @param seekFellBack whether a seek was tried and rejected by verification
 * @param missingFrames frames the probe listed that the decoder did not produce
 * @param unlistedFrames frames the decoder produced inside the segment with a timestamp the
 *     container did not list (damaged streams); they are not stored
 */
public record DecodedSegment(
    List<byte[]> frames,
    long[] timestampsUs,
    boolean seeked,
    boolean seekFellBack,
    int missingFrames,
    int unlistedFrames) {}
