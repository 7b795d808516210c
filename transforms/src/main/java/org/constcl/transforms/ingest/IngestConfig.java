package org.constcl.transforms.ingest;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.constcl.transforms.video.DecodeSettings;

/**
 * Settings of the ingest stage. Every field is validated by {@link Builder#build()} with a message
 * that names the option and the accepted range. Defaults follow the ConST-CL recipe: frames stored
 * at short side 256, and a "short video" is one with fewer stored frames than a 16-frame clip at
 * temporal stride 2 spans (31).
 */
public final class IngestConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final int DEFAULT_SHORT_SIDE = 256;
  public static final int DEFAULT_JPEG_QUALITY = 90;
  public static final int DEFAULT_MAX_SEGMENT_FRAMES = 300;
  public static final int DEFAULT_FRAME_STRIDE = 1;
  /** 16 frames at temporal stride 2 span 31 stored frames (ConST-CL pre-training clips). */
  public static final int DEFAULT_MIN_CLIP_FRAMES = 31;
  public static final int DEFAULT_DECODER_THREADS = 1;

  private final int shortSide;
  private final int jpegQuality;
  private final int maxSegmentFrames;
  private final int frameStride;
  private final double targetFps;
  private final int minClipFrames;
  private final boolean seekToSegments;
  private final int decoderThreads;
  private final int numShards;
  private final boolean verbose;

  private IngestConfig(Builder b) {
    this.shortSide = b.shortSide;
    this.jpegQuality = b.jpegQuality;
    this.maxSegmentFrames = b.maxSegmentFrames;
    this.frameStride = b.frameStride;
    this.targetFps = b.targetFps;
    this.minClipFrames = b.minClipFrames;
    this.seekToSegments = b.seekToSegments;
    this.decoderThreads = b.decoderThreads;
    this.numShards = b.numShards;
    this.verbose = b.verbose;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static IngestConfig defaults() {
    return builder().build();
  }

  /** Short side of stored frames in pixels (even); 0 keeps the source size. */
  public int shortSide() { return shortSide; }
  /** JPEG quality of stored frames. */
  public int jpegQuality() { return jpegQuality; }
  /** Longest segment, in stored frames. */
  public int maxSegmentFrames() { return maxSegmentFrames; }
  /** Fixed source-frame stride; 1 keeps every frame. Ignored when {@link #targetFps()} is set. */
  public int frameStride() { return frameStride; }
  /** Target frame rate (0: off); the stride becomes round(source fps / target fps). */
  public double targetFps() { return targetFps; }
  /** Stored frames one training clip spans; shorter records are flagged {@code short_video}. */
  public int minClipFrames() { return minClipFrames; }
  /** Whether segments inside a video are reached by a (verified) keyframe seek. */
  public boolean seekToSegments() { return seekToSegments; }
  /** FFmpeg decoder threads per worker. */
  public int decoderThreads() { return decoderThreads; }
  /** Output shards; 0 chooses from the input size. */
  public int numShards() { return numShards; }
  /** Whether FFmpeg warnings are printed. */
  public boolean verbose() { return verbose; }

  /** The decoder settings this config implies. */
  public DecodeSettings decodeSettings() {
    return new DecodeSettings(jpegQuality, decoderThreads, seekToSegments);
  }

  /** The settings that determine the records, for the dataset summary (operational ones left out). */
  public Map<String, Object> recordSettings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("short_side", shortSide);
    m.put("jpeg_quality", jpegQuality);
    m.put("max_segment_frames", maxSegmentFrames);
    m.put("frame_stride", frameStride);
    m.put("target_fps", targetFps);
    m.put("min_clip_frames", minClipFrames);
    return m;
  }

  /** Builder with the defaults listed in docs/ingest.md. */
  public static final class Builder {
    private int shortSide = DEFAULT_SHORT_SIDE;
    private int jpegQuality = DEFAULT_JPEG_QUALITY;
    private int maxSegmentFrames = DEFAULT_MAX_SEGMENT_FRAMES;
    private int frameStride = DEFAULT_FRAME_STRIDE;
    private double targetFps = 0;
    private int minClipFrames = DEFAULT_MIN_CLIP_FRAMES;
    private boolean seekToSegments = true;
    private int decoderThreads = DEFAULT_DECODER_THREADS;
    private int numShards = 0;
    private boolean verbose = false;

    private Builder() {}

    public Builder shortSide(int v) { shortSide = v; return this; }
    public Builder jpegQuality(int v) { jpegQuality = v; return this; }
    public Builder maxSegmentFrames(int v) { maxSegmentFrames = v; return this; }
    public Builder frameStride(int v) { frameStride = v; return this; }
    public Builder targetFps(double v) { targetFps = v; return this; }
    public Builder minClipFrames(int v) { minClipFrames = v; return this; }
    public Builder seekToSegments(boolean v) { seekToSegments = v; return this; }
    public Builder decoderThreads(int v) { decoderThreads = v; return this; }
    public Builder numShards(int v) { numShards = v; return this; }
    public Builder verbose(boolean v) { verbose = v; return this; }

    /** @throws IllegalArgumentException naming the first invalid setting */
    public IngestConfig build() {
      require(shortSide == 0 || (shortSide >= 16 && shortSide <= 4096 && shortSide % 2 == 0),
          "short side must be 0 (keep source size) or an even number from 16 to 4096, got " + shortSide);
      require(jpegQuality >= 1 && jpegQuality <= 100, "JPEG quality must be 1 to 100, got " + jpegQuality);
      require(maxSegmentFrames >= 1 && maxSegmentFrames <= 100_000,
          "max segment frames must be 1 to 100000, got " + maxSegmentFrames);
      require(frameStride >= 1 && frameStride <= 10_000, "frame stride must be 1 to 10000, got " + frameStride);
      require(targetFps >= 0 && targetFps <= 1000 && !Double.isNaN(targetFps),
          "target fps must be 0 (off) to 1000, got " + targetFps);
      require(minClipFrames >= 1, "min clip frames must be at least 1, got " + minClipFrames);
      require(decoderThreads >= 0 && decoderThreads <= 64,
          "decoder threads must be 0 (FFmpeg chooses) to 64, got " + decoderThreads);
      require(numShards >= 0 && numShards <= 100_000, "shards must be 0 (automatic) to 100000, got " + numShards);
      return new IngestConfig(this);
    }

    private static void require(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
