package org.constcl.transforms.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.swscale.SWS_ACCURATE_RND;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BITEXACT;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Decodes the frames of one segment with JavaCV's {@link FFmpegFrameGrabber}, scales the frames it
 * keeps with swscale (see {@link #scaleFlags}) and encodes them as JPEG.
 * Frames are decoded straight through, never one seek per frame.
 *
 * <p>Frames are identified by presentation timestamp, as the probe listed them: a decoder that
 * drops a damaged frame does not shift the frames after it. A segment that starts inside the video
 * is reached by one seek to the keyframe before it; if the seek lands late or an expected frame
 * does not appear, the segment is decoded again from the start of the file, which decides for
 * certain which frames exist. Both paths give the same bytes. Not thread-safe: use one decoder
 * per worker thread.
 */
public final class SegmentDecoder implements AutoCloseable {
  /**
   * Area averaging when shrinking (antialiased, and twice as fast as bicubic in swscale), bicubic
   * when enlarging; bit-exact so every CPU type produces the same bytes.
   */
  static int scaleFlags(int sourceWidth, int targetWidth) {
    int filter = targetWidth <= sourceWidth ? SWS_AREA : SWS_BICUBIC;
    return filter | SWS_ACCURATE_RND | SWS_BITEXACT;
  }

  private final DecodeSettings settings;
  private final JpegEncoder jpeg;

  public SegmentDecoder(DecodeSettings settings) {
    this.settings = settings;
    this.jpeg = new JpegEncoder(settings.jpegQuality());
    FfmpegSetup.ensureInitialised();
  }

  /** Decodes and encodes the frames {@code request} asks for. */
  public DecodedSegment decode(SegmentRequest request) throws VideoRejectedException {
    if (request.windowTimestampsUs() == null) {
      return decodeByCount(request);
    }
    boolean trySeek = settings.seekToSegments() && request.startFrame() > 0;
    if (trySeek) {
      DecodedSegment seeked = decodeBySeek(request);
      if (seeked != null) {
        return seeked;
      }
    }
    DecodedSegment d = decodeFromStartByTimestamp(request);
    return new DecodedSegment(
        d.frames(), d.timestampsUs(), false, trySeek, d.missingFrames(), d.unlistedFrames());
  }

  private FFmpegFrameGrabber open(SegmentRequest r) throws VideoRejectedException {
    FFmpegFrameGrabber g = new FFmpegFrameGrabber(r.path());
    // RAW: the grabber hands over the decoder's own frame; only kept frames get converted (below).
    g.setImageMode(FrameGrabber.ImageMode.RAW);
    g.setVideoOption("threads", Integer.toString(settings.decoderThreads()));
    try {
      g.start();
      return g;
    } catch (FrameGrabber.Exception e) {
      closeQuietly(g);
      throw new VideoRejectedException(RejectReason.UNDECODABLE_VIDEO, FfmpegSetup.describe(e), e);
    }
  }

  private static Frame nextVideoFrame(FFmpegFrameGrabber g) throws FrameGrabber.Exception {
    Frame f = g.grabFrame(false, true, true, false);
    return f == null || f.image == null ? null : f;
  }

  /** Seeks to the keyframe before the segment; null when verification rejects the result. */
  private DecodedSegment decodeBySeek(SegmentRequest r) throws VideoRejectedException {
    long[] expected = r.keptTimestampsUs();
    List<byte[]> frames = new ArrayList<>(expected.length);
    try (FFmpegFrameGrabber g = open(r);
        FrameScaler scaler = new FrameScaler(r.width(), r.height(), scaleFlags(g.getImageWidth(), r.width()))) {
      long startTime = g.getFormatContext().start_time();
      // setTimestamp adds the container start time back; Frame.timestamp does not include it.
      g.setTimestamp(expected[0] - (startTime == AV_NOPTS_VALUE ? 0 : startTime), false);
      int next = 0;
      while (next < expected.length) {
        Frame f = nextVideoFrame(g);
        boolean unlisted = f != null && f.timestamp > expected[0] && !r.listed(f.timestamp);
        if (f == null || f.timestamp > expected[next] || unlisted) {
          return null;
        }
        if (f.timestamp == expected[next]) {
          frames.add(jpeg.encode(scaler.scale((AVFrame) f.opaque)));
          next++;
        }
      }
      return new DecodedSegment(frames, expected, true, false, 0, 0);
    } catch (FrameGrabber.Exception e) {
      return null;
    }
  }

  private DecodedSegment decodeFromStartByTimestamp(SegmentRequest r) throws VideoRejectedException {
    long[] expected = r.keptTimestampsUs();
    List<byte[]> frames = new ArrayList<>(expected.length);
    long[] found = new long[expected.length];
    int next = 0;
    int missing = 0;
    int unlisted = 0;
    try (FFmpegFrameGrabber g = open(r);
        FrameScaler scaler = new FrameScaler(r.width(), r.height(), scaleFlags(g.getImageWidth(), r.width()))) {
      Frame f;
      while (next < expected.length && (f = nextVideoFrame(g)) != null) {
        if (f.timestamp > expected[0] && !r.listed(f.timestamp)) {
          unlisted++;
        }
        while (next < expected.length && expected[next] < f.timestamp) {
          next++; // the decoder never produced this frame
          missing++;
        }
        if (next < expected.length && f.timestamp == expected[next]) {
          found[frames.size()] = f.timestamp;
          frames.add(jpeg.encode(scaler.scale((AVFrame) f.opaque)));
          next++;
        }
      }
    } catch (FrameGrabber.Exception e) {
      throw new VideoRejectedException(RejectReason.UNDECODABLE_VIDEO, FfmpegSetup.describe(e), e);
    }
    missing += expected.length - next;
    return finish(r, frames, found, missing, unlisted);
  }

  /** For videos without usable timestamps: the n-th decoded frame is frame n. */
  private DecodedSegment decodeByCount(SegmentRequest r) throws VideoRejectedException {
    List<byte[]> frames = new ArrayList<>(r.frameCount());
    long[] found = new long[r.frameCount()];
    int last = r.startFrame() + (r.frameCount() - 1) * r.frameStride();
    try (FFmpegFrameGrabber g = open(r);
        FrameScaler scaler = new FrameScaler(r.width(), r.height(), scaleFlags(g.getImageWidth(), r.width()))) {
      Frame f;
      for (int index = 0; index <= last && (f = nextVideoFrame(g)) != null; index++) {
        if (index >= r.startFrame() && (index - r.startFrame()) % r.frameStride() == 0) {
          found[frames.size()] = f.timestamp;
          frames.add(jpeg.encode(scaler.scale((AVFrame) f.opaque)));
        }
      }
    } catch (FrameGrabber.Exception e) {
      throw new VideoRejectedException(RejectReason.UNDECODABLE_VIDEO, FfmpegSetup.describe(e), e);
    }
    return finish(r, frames, found, r.frameCount() - frames.size(), 0);
  }

  private static DecodedSegment finish(
      SegmentRequest r, List<byte[]> frames, long[] ts, int missing, int unlisted)
      throws VideoRejectedException {
    if (frames.isEmpty()) {
      throw new VideoRejectedException(
          RejectReason.UNDECODABLE_VIDEO,
          "the decoder produced none of the " + r.frameCount() + " frames from source frame "
              + r.startFrame());
    }
    return new DecodedSegment(frames, Arrays.copyOf(ts, frames.size()), false, false, missing, unlisted);
  }

  private static void closeQuietly(FFmpegFrameGrabber g) {
    try {
      g.close();
    } catch (FrameGrabber.Exception ignored) {
      // Already failing; the original error is what the caller reports.
    }
  }

  @Override
  public void close() {
    jpeg.close();
  }
}
