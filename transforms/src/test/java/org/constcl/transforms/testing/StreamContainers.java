package org.constcl.transforms.testing;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Re-encodes the first frames of a real video into containers whose streams are found only by
 * reading packets (MPEG program and transport streams, raw elementary streams), written by FFmpeg
 * through JavaCV as a camera or a broadcast recorder would.
 */
public final class StreamContainers {
  private StreamContainers() {}

  /** The containers, with the FFmpeg muxer and the video codec each is written with. */
  public enum Kind {
    MPEG_PS("mpg", "mpeg", avcodec.AV_CODEC_ID_MPEG2VIDEO),
    VOB("vob", "vob", avcodec.AV_CODEC_ID_MPEG2VIDEO),
    MPEG_TS("ts", "mpegts", avcodec.AV_CODEC_ID_MPEG2VIDEO),
    RAW_MPEG2("m2v", "mpeg2video", avcodec.AV_CODEC_ID_MPEG2VIDEO),
    RAW_H264("h264", "h264", avcodec.AV_CODEC_ID_H264);

    public final String extension;
    final String muxer;
    final int codec;

    Kind(String extension, String muxer, int codec) {
      this.extension = extension;
      this.muxer = muxer;
      this.codec = codec;
    }
  }

  /** Writes {@code frames} frames of {@code source} at its size and rate into {@code dir/<name>.<ext>}. */
  public static Path write(Path source, Kind kind, int frames, Path dir, String name) throws IOException {
    Path out = dir.resolve(name + "." + kind.extension);
    try (FFmpegFrameGrabber in = new FFmpegFrameGrabber(source.toFile())) {
      in.start();
      try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(out.toFile(), in.getImageWidth(), in.getImageHeight(), 0)) {
        rec.setFormat(kind.muxer);
        rec.setVideoCodec(kind.codec);
        rec.setFrameRate(25);
        rec.setGopSize(12);
        rec.setVideoBitrate(2_000_000);
        rec.start();
        int written = 0;
        Frame f;
        while (written < frames && (f = in.grabImage()) != null) {
          rec.record(f);
          written++;
        }
        rec.stop();
        if (written < frames) {
          throw new IOException(source + " has only " + written + " frames, asked for " + frames);
        }
      }
      in.stop();
    } catch (FFmpegFrameGrabber.Exception | FFmpegFrameRecorder.Exception e) {
      throw new IOException("could not write " + out + ": " + e.getMessage(), e);
    }
    return out;
  }
}
