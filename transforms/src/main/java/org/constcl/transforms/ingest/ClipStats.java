package org.constcl.transforms.ingest;

import java.io.Serializable;

/**
 * Per-record numbers the dataset summary adds up.
 *
 * @param clipId the record's clip id
 * @param frames stored frames
 * @param frameBytes JPEG bytes
 * @param shortVideo whether the record is flagged short
 * @param missingFrames frames the container listed but the decoder did not produce
 * @param unlistedFrames frames the decoder produced with timestamps the container did not list
 */
record ClipStats(
    String clipId, int frames, long frameBytes, boolean shortVideo, int missingFrames, int unlistedFrames)
    implements Serializable {}
