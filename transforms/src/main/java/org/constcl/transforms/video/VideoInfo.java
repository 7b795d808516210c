package org.constcl.transforms.video;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a demux-only pass learns about a video: stream metadata and the presentation timestamp of
 * every frame, in the microsecond scale JavaCV's {@code Frame.timestamp} uses (raw stream PTS
 * times the stream time base), sorted into presentation order.
 *
 * @param codec FFmpeg decoder name
 * @param width coded width
 * @param height coded height
 * @param fps average frame rate of the stream (0 when unknown)
 * @param declaredFrames frame count the container header declares (0 when it declares none)
 * @param timestampsUs presentation timestamps, one per video packet, ascending
 * @param timestampsReliable false when packets lacked timestamps or repeated one; segments are
 *     then located by decoding from the start instead of seeking
 * @param fileBytes size of the file
 */
public record VideoInfo(
    String codec,
    int width,
    int height,
    double fps,
    long declaredFrames,
    long[] timestampsUs,
    boolean timestampsReliable,
    long fileBytes)
    implements Serializable {

  @Override
  public boolean equals(Object o) {
    return o instanceof VideoInfo v
        && codec.equals(v.codec)
        && width == v.width
        && height == v.height
        && Double.compare(fps, v.fps) == 0
        && declaredFrames == v.declaredFrames
        && Arrays.equals(timestampsUs, v.timestampsUs)
        && timestampsReliable == v.timestampsReliable
        && fileBytes == v.fileBytes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(codec, width, height, timestampsUs.length, fileBytes);
  }

  /** Number of frames found (one per video packet). */
  public int frameCount() {
    return timestampsUs.length;
  }
}
