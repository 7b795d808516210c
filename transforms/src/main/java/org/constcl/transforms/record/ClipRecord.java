package org.constcl.transforms.record;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One video segment stored as JPEG frames, with the metadata a trainer needs to sample clips
 * from it. The Avro schema is {@code clip_record.avsc}; field meanings are documented in
 * docs/records.md. Instances are immutable; build them with {@link #builder()}.
 */
public final class ClipRecord {
  private final String clipId;
  private final String videoId;
  private final String sourceUri;
  private final String sourceSha256;
  private final String sourceCodec;
  private final int segmentIndex;
  private final int numSegments;
  private final int startFrame;
  private final int frameStride;
  private final double fps;
  private final int width;
  private final int height;
  private final int sourceWidth;
  private final int sourceHeight;
  private final long[] timestampsUs;
  private final List<byte[]> frames;
  private final boolean shortVideo;
  private final String label;
  private final Integer labelIndex;
  private final String split;

  private ClipRecord(Builder b) {
    this.videoId = Objects.requireNonNull(b.videoId, "videoId");
    this.segmentIndex = b.segmentIndex;
    this.clipId = clipId(videoId, segmentIndex);
    this.sourceUri = Objects.requireNonNull(b.sourceUri, "sourceUri");
    this.sourceSha256 = Objects.requireNonNull(b.sourceSha256, "sourceSha256");
    this.sourceCodec = Objects.requireNonNull(b.sourceCodec, "sourceCodec");
    this.numSegments = b.numSegments;
    this.startFrame = b.startFrame;
    this.frameStride = b.frameStride;
    this.fps = b.fps;
    this.width = b.width;
    this.height = b.height;
    this.sourceWidth = b.sourceWidth;
    this.sourceHeight = b.sourceHeight;
    this.timestampsUs = Objects.requireNonNull(b.timestampsUs, "timestampsUs").clone();
    this.frames = List.copyOf(Objects.requireNonNull(b.frames, "frames"));
    this.shortVideo = b.shortVideo;
    this.label = b.label;
    this.labelIndex = b.labelIndex;
    this.split = b.split;
    if (timestampsUs.length != frames.size()) {
      throw new IllegalArgumentException(
          clipId + ": " + frames.size() + " frames but " + timestampsUs.length + " timestamps");
    }
    if (segmentIndex < 0 || segmentIndex >= numSegments) {
      throw new IllegalArgumentException(
          clipId + ": segment " + segmentIndex + " outside 0.." + (numSegments - 1));
    }
  }

  /** The clip id of segment {@code segmentIndex} of {@code videoId}: {@code videoId#index}. */
  public static String clipId(String videoId, int segmentIndex) {
    return videoId + "#" + segmentIndex;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with this record's values. */
  public Builder toBuilder() {
    return new Builder()
        .videoId(videoId)
        .sourceUri(sourceUri)
        .sourceSha256(sourceSha256)
        .sourceCodec(sourceCodec)
        .segmentIndex(segmentIndex)
        .numSegments(numSegments)
        .startFrame(startFrame)
        .frameStride(frameStride)
        .fps(fps)
        .size(width, height)
        .sourceSize(sourceWidth, sourceHeight)
        .frames(frames, timestampsUs)
        .shortVideo(shortVideo)
        .label(label, labelIndex)
        .split(split);
  }

  public String clipId() { return clipId; }
  public String videoId() { return videoId; }
  public String sourceUri() { return sourceUri; }
  public String sourceSha256() { return sourceSha256; }
  public String sourceCodec() { return sourceCodec; }
  public int segmentIndex() { return segmentIndex; }
  public int numSegments() { return numSegments; }
  public int startFrame() { return startFrame; }
  public int frameStride() { return frameStride; }
  public double fps() { return fps; }
  public int numFrames() { return frames.size(); }
  public int width() { return width; }
  public int height() { return height; }
  public int sourceWidth() { return sourceWidth; }
  public int sourceHeight() { return sourceHeight; }
  public boolean shortVideo() { return shortVideo; }
  public String label() { return label; }
  public Integer labelIndex() { return labelIndex; }
  public String split() { return split; }

  /** Presentation time of stored frame {@code i}, in microseconds from the stream start. */
  public long timestampUs(int i) {
    return timestampsUs[i];
  }

  /** A copy of all frame timestamps. */
  public long[] timestampsUs() {
    return timestampsUs.clone();
  }

  /** The JPEG bytes of every stored frame (unmodifiable; do not mutate the arrays). */
  public List<byte[]> frames() {
    return frames;
  }

  /** Total JPEG bytes in this record. */
  public long frameBytes() {
    long n = 0;
    for (byte[] f : frames) {
      n += f.length;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ClipRecord)) {
      return false;
    }
    ClipRecord r = (ClipRecord) o;
    if (frames.size() != r.frames.size()) {
      return false;
    }
    for (int i = 0; i < frames.size(); i++) {
      if (!Arrays.equals(frames.get(i), r.frames.get(i))) {
        return false;
      }
    }
    return clipId.equals(r.clipId)
        && sourceUri.equals(r.sourceUri)
        && sourceSha256.equals(r.sourceSha256)
        && sourceCodec.equals(r.sourceCodec)
        && numSegments == r.numSegments
        && startFrame == r.startFrame
        && frameStride == r.frameStride
        && Double.compare(fps, r.fps) == 0
        && width == r.width
        && height == r.height
        && sourceWidth == r.sourceWidth
        && sourceHeight == r.sourceHeight
        && Arrays.equals(timestampsUs, r.timestampsUs)
        && shortVideo == r.shortVideo
        && Objects.equals(label, r.label)
        && Objects.equals(labelIndex, r.labelIndex)
        && Objects.equals(split, r.split);
  }

  @Override
  public int hashCode() {
    return Objects.hash(clipId, sourceSha256, startFrame, frames.size());
  }

  @Override
  public String toString() {
    return "ClipRecord{" + clipId + ", frames " + startFrame + "+" + frames.size() + "x" + frameStride
        + ", " + width + "x" + height + (label != null ? ", label " + label : "") + "}";
  }

  /** Builder for {@link ClipRecord}; {@code build()} checks consistency. */
  public static final class Builder {
    private String videoId;
    private String sourceUri;
    private String sourceSha256;
    private String sourceCodec = "";
    private int segmentIndex;
    private int numSegments = 1;
    private int startFrame;
    private int frameStride = 1;
    private double fps;
    private int width;
    private int height;
    private int sourceWidth;
    private int sourceHeight;
    private long[] timestampsUs;
    private List<byte[]> frames;
    private boolean shortVideo;
    private String label;
    private Integer labelIndex;
    private String split;

    private Builder() {}

    public Builder videoId(String v) { this.videoId = v; return this; }
    public Builder sourceUri(String v) { this.sourceUri = v; return this; }
    public Builder sourceSha256(String v) { this.sourceSha256 = v; return this; }
    public Builder sourceCodec(String v) { this.sourceCodec = v; return this; }
    public Builder segmentIndex(int v) { this.segmentIndex = v; return this; }
    public Builder numSegments(int v) { this.numSegments = v; return this; }
    public Builder startFrame(int v) { this.startFrame = v; return this; }
    public Builder frameStride(int v) { this.frameStride = v; return this; }
    public Builder fps(double v) { this.fps = v; return this; }
    public Builder size(int w, int h) { this.width = w; this.height = h; return this; }
    public Builder sourceSize(int w, int h) { this.sourceWidth = w; this.sourceHeight = h; return this; }
    public Builder shortVideo(boolean v) { this.shortVideo = v; return this; }
    public Builder split(String v) { this.split = v; return this; }

    /** Sets the frames and their presentation timestamps (same length). */
    public Builder frames(List<byte[]> jpegs, long[] timestamps) {
      this.frames = jpegs;
      this.timestampsUs = timestamps;
      return this;
    }

    /** Sets the label and its class index (either may be null). */
    public Builder label(String name, Integer index) {
      this.label = name;
      this.labelIndex = index;
      return this;
    }

    public ClipRecord build() {
      return new ClipRecord(this);
    }
  }
}
