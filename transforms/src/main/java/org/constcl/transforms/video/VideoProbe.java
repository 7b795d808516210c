package org.constcl.transforms.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * Reads a video's container without decoding it: checks that it is a readable file with a video
 * stream, counts frames and collects their timestamps. Demuxing is one to two orders of magnitude
 * faster than decoding, so this pass costs little next to the segment decode that follows.
 */
public final class VideoProbe {
  private VideoProbe() {}

  /**
   * Probes {@code path}.
   *
   * @throws VideoRejectedException if the file is missing, unreadable, empty, not a media
   *     container, has no video stream, or ends before the frames its header declares
   */
  public static VideoInfo probe(Path path) throws VideoRejectedException {
    long size = checkReadableFile(path);
    FfmpegSetup.ensureInitialised();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(path.toString())) {
      try {
        startDeeplyEnough(grabber);
      } catch (FFmpegFrameGrabber.Exception e) {
        if (IsoMediaSignature.matches(path)) {
          // An MP4/MOV whose index (moov box) sits at the end is unreadable once cut short.
          throw new VideoRejectedException(
              RejectReason.TRUNCATED_FILE,
              "an MP4/QuickTime file FFmpeg cannot open: its index (moov box) is missing,"
                  + " most likely because the file was cut short",
              e);
        }
        throw new VideoRejectedException(
            RejectReason.NOT_A_MEDIA_FILE,
            "FFmpeg cannot open it as a media file: " + FfmpegSetup.describe(e),
            e);
      }
      AVFormatContext oc = grabber.getFormatContext();
      AVStream video = firstVideoStream(oc);
      if (video == null || !grabber.hasVideo()) {
        throw new VideoRejectedException(
            RejectReason.NO_VIDEO_STREAM,
            "the file holds " + describeStreams(oc) + " but no video stream");
      }
      long declared = Math.max(0, video.nb_frames());
      boolean exactSampleTable = oc.iformat().name().getString().contains("mov");
      long[] ts = readVideoTimestamps(oc, video, size, exactSampleTable ? declared : 0);
      if (ts.length == 0) {
        throw new VideoRejectedException(
            RejectReason.TRUNCATED_FILE, "the video stream holds no frames (file cut short?)");
      }
      // Only MP4/MOV sample tables are exact; AVI indexes count empty "repeat" chunks too.
      if (exactSampleTable && declared > 0 && ts.length < declared) {
        throw new VideoRejectedException(
            RejectReason.TRUNCATED_FILE,
            "the sample table lists " + declared + " frames but the file ends after " + ts.length);
      }
      // Raw elementary streams carry no timestamps; the demuxer's made-up ones do not match the
      // decoder's frames (off by its delay), so such frames are matched by their order instead.
      boolean synthesised = (oc.iformat().flags() & avformat.AVFMT_NOTIMESTAMPS) != 0;
      boolean reliable = sortAndCheck(ts) && !synthesised;
      return new VideoInfo(
          grabber.getVideoCodecName(),
          grabber.getImageWidth(),
          grabber.getImageHeight(),
          frameRate(video, grabber),
          declared,
          ts,
          reliable,
          size);
    } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
      throw new VideoRejectedException(
          RejectReason.UNDECODABLE_VIDEO, FfmpegSetup.describe(e), e);
    }
  }

  /**
   * Starts {@code g}. Containers with a header that lists their streams (MP4, AVI, Matroska) are
   * opened without reading packets, which is fast; containers whose streams are discovered only by
   * reading packets (MPEG program and transport streams, raw elementary streams: the demuxer sets
   * {@code AVFMTCTX_NOHEADER}, or finds no stream, or leaves the picture size unknown) are opened
   * again with FFmpeg's stream analysis, as ffprobe does.
   */
  private static void startDeeplyEnough(FFmpegFrameGrabber g) throws FFmpegFrameGrabber.Exception {
    g.setOption("probesize", "5000000");
    try {
      g.start(false);
      AVFormatContext oc = g.getFormatContext();
      AVStream video = firstVideoStream(oc);
      boolean complete = (oc.ctx_flags() & avformat.AVFMTCTX_NOHEADER) == 0
          && video != null && video.codecpar().width() > 0 && video.codecpar().height() > 0;
      if (complete) {
        return;
      }
      g.stop();
    } catch (FFmpegFrameGrabber.Exception e) {
      g.release(); // a file that is not media at all fails again below, and is reported from there
    }
    g.start(true);
  }

  static long checkReadableFile(Path path) throws VideoRejectedException {
    if (!Files.exists(path)) {
      throw new VideoRejectedException(RejectReason.FILE_NOT_FOUND, "no such file");
    }
    if (!Files.isRegularFile(path)) {
      throw new VideoRejectedException(RejectReason.UNREADABLE_FILE, "not a regular file");
    }
    if (!Files.isReadable(path)) {
      throw new VideoRejectedException(RejectReason.UNREADABLE_FILE, "permission denied");
    }
    try {
      long size = Files.size(path);
      if (size == 0) {
        throw new VideoRejectedException(RejectReason.EMPTY_FILE, "the file is empty (0 bytes)");
      }
      return size;
    } catch (IOException e) {
      throw new VideoRejectedException(RejectReason.UNREADABLE_FILE, e.toString(), e);
    }
  }

  private static AVStream firstVideoStream(AVFormatContext oc) {
    for (int i = 0; i < oc.nb_streams(); i++) {
      AVStream st = oc.streams(i);
      boolean attachedPicture = (st.disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) != 0;
      if (st.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO && !attachedPicture) {
        return st;
      }
    }
    return null;
  }

  private static String describeStreams(AVFormatContext oc) {
    if (oc.nb_streams() == 0) {
      return "no streams";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < oc.nb_streams(); i++) {
      AVStream st = oc.streams(i);
      if (sb.length() > 0) {
        sb.append(", ");
      }
      String type = avutil.av_get_media_type_string(st.codecpar().codec_type()).getString();
      sb.append(type).append(" (").append(avcodecName(st.codecpar().codec_id())).append(')');
      if ((st.disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) != 0) {
        sb.append(" attached picture");
      }
    }
    return sb.toString();
  }

  private static String avcodecName(int id) {
    return avcodec.avcodec_get_name(id).getString();
  }

  private static long[] readVideoTimestamps(
      AVFormatContext oc, AVStream video, long fileBytes, long declaredFrames)
      throws VideoRejectedException {
    int index = video.index();
    long num = video.time_base().num();
    long den = video.time_base().den();
    long[] ts = new long[1024];
    int n = 0;
    AVPacket pkt = av_packet_alloc();
    try {
      int ret;
      while ((ret = av_read_frame(oc, pkt)) >= 0) {
        if (pkt.stream_index() == index) {
          if ((pkt.flags() & avcodec.AV_PKT_FLAG_CORRUPT) != 0) {
            throw new VideoRejectedException(
                RejectReason.TRUNCATED_FILE,
                "frame " + n + " is cut short at byte " + (pkt.pos() + pkt.size()) + " of "
                    + fileBytes + " (the file ends inside it)");
          }
          long t = pkt.pts() != AV_NOPTS_VALUE ? pkt.pts() : pkt.dts();
          if (n == ts.length) {
            ts = Arrays.copyOf(ts, n * 2);
          }
          // Same scale as JavaCV's Frame.timestamp, so decoded frames can be matched exactly.
          ts[n++] = t == AV_NOPTS_VALUE ? Long.MIN_VALUE : 1_000_000L * t * num / den;
        }
        av_packet_unref(pkt);
      }
      if (ret != AVERROR_EOF) {
        RejectReason reason =
            n < declaredFrames ? RejectReason.TRUNCATED_FILE : RejectReason.CORRUPT_STREAM;
        throw new VideoRejectedException(
            reason,
            "reading the container failed after " + n + " frames"
                + (declaredFrames > 0 ? " of " + declaredFrames : "") + ": "
                + FfmpegSetup.errorString(ret));
      }
    } finally {
      av_packet_free(pkt);
    }
    return Arrays.copyOf(ts, n);
  }

  /** Sorts into presentation order; false if any timestamp is missing or repeated. */
  private static boolean sortAndCheck(long[] ts) {
    Arrays.sort(ts);
    if (ts[0] == Long.MIN_VALUE) {
      return false;
    }
    for (int i = 1; i < ts.length; i++) {
      if (ts[i] == ts[i - 1]) {
        return false;
      }
    }
    return true;
  }

  private static double frameRate(AVStream video, FFmpegFrameGrabber grabber) {
    double avg = avutil.av_q2d(video.avg_frame_rate());
    if (avg > 0 && Double.isFinite(avg)) {
      return avg;
    }
    double r = avutil.av_q2d(video.r_frame_rate());
    return r > 0 && Double.isFinite(r) ? r : grabber.getFrameRate();
  }
}
