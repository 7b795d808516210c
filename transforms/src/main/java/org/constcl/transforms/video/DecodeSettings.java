package org.constcl.transforms.video;

import java.io.Serializable;

/**
 * How segments are decoded and encoded.
 *
 * @param jpegQuality JPEG quality of stored frames (1 to 100)
 * @param decoderThreads FFmpeg decoder threads per worker (1 keeps workers from oversubscribing)
 * @param seekToSegments locate a segment by seeking to the keyframe before it; when false, every
 *     segment is decoded from the start of the file
 */
public record DecodeSettings(int jpegQuality, int decoderThreads, boolean seekToSegments)
    implements Serializable {}
