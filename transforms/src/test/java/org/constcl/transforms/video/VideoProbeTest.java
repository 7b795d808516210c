package org.constcl.transforms.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.constcl.transforms.testing.BadInputs;
import org.constcl.transforms.testing.StreamContainers;
import org.constcl.transforms.testing.TestVideos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class VideoProbeTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
    // file, codec, width, height, frames (as ffprobe -count_packets lists them)
    "vtest.avi, msmpeg4, 768, 576, 795",
    "g1.avi, mpeg4, 400, 300, 16",
    "tree.avi, cinepak, 320, 240, 68",
    "box.mp4, h264, 640, 480, 456",
    "cup.mp4, h264, 640, 480, 217",
    "cap13_edit2.mp4, h264, 400, 300, 765",
    "motion.mov, h264, 568, 320, 243"
  })
  void listsEveryFrameOfARealVideo(String file, String codec, int w, int h, int frames) throws Exception {
    VideoInfo info = VideoProbe.probe(TestVideos.get(file));
    assertThat(info.codec()).isEqualTo(codec);
    assertThat(info.width()).isEqualTo(w);
    assertThat(info.height()).isEqualTo(h);
    assertThat(info.frameCount()).isEqualTo(frames);
    assertThat(info.timestampsReliable()).isTrue();
    assertThat(info.timestampsUs()).isSorted();
  }

  @Test
  void aVariableRateAviIsNotMistakenForATruncatedOne() throws Exception {
    // tree.avi's index has 444 slots, most of them empty "repeat the previous frame" chunks.
    VideoInfo info = VideoProbe.probe(TestVideos.get("tree.avi"));
    assertThat(info.declaredFrames()).isEqualTo(444);
    assertThat(info.frameCount()).isEqualTo(68);
  }

  @ParameterizedTest
  @EnumSource(StreamContainers.Kind.class)
  void readsContainersWhoseStreamsAreFoundOnlyByReadingPackets(StreamContainers.Kind kind) throws Exception {
    // MPEG-PS (DVD, broadcast cameras), MPEG-TS and raw elementary streams have no header listing
    // their streams: a probe that does not read packets finds "no video or audio stream".
    Path file = StreamContainers.write(TestVideos.get("cup.mp4"), kind, 40, dir, "clip");
    VideoInfo info = VideoProbe.probe(file);
    assertThat(info.width()).isEqualTo(640);
    assertThat(info.height()).isEqualTo(480);
    assertThat(info.frameCount()).isEqualTo(40);
    assertThat(info.fps()).isCloseTo(25.0, org.assertj.core.data.Offset.offset(0.01));
  }

  private void assertRejected(Path file, RejectReason reason, String detail) {
    assertThatThrownBy(() -> VideoProbe.probe(file))
        .isInstanceOf(VideoRejectedException.class)
        .satisfies(e -> assertThat(((VideoRejectedException) e).reason()).isEqualTo(reason))
        .hasMessageContaining(detail);
  }

  @Test
  void rejectsTruncatedFilesOfEveryContainer() throws Exception {
    assertRejected(BadInputs.truncated(dir, "t.avi", TestVideos.get("vtest.avi"), 0.6),
        RejectReason.TRUNCATED_FILE, "the file ends inside it");
    assertRejected(BadInputs.truncated(dir, "t97.avi", TestVideos.get("g1.avi"), 0.97),
        RejectReason.TRUNCATED_FILE, "is cut short");
    assertRejected(BadInputs.truncated(dir, "t.mp4", TestVideos.get("cup.mp4"), 0.6),
        RejectReason.TRUNCATED_FILE, "");
    assertRejected(BadInputs.truncated(dir, "t60.mp4", TestVideos.get("box.mp4"), 0.6),
        RejectReason.TRUNCATED_FILE, "");
    assertRejected(BadInputs.truncated(dir, "t.mov", TestVideos.get("motion.mov"), 0.97),
        RejectReason.TRUNCATED_FILE, "moov box");
  }

  @Test
  void rejectsFilesThatAreNotVideos() throws Exception {
    assertRejected(BadInputs.empty(dir, "e.mp4"), RejectReason.EMPTY_FILE, "0 bytes");
    assertRejected(BadInputs.randomBytes(dir, "r.avi", 300_000, 7), RejectReason.NOT_A_MEDIA_FILE,
        "Invalid data found when processing input");
    assertRejected(BadInputs.text(dir, "t.mp4"), RejectReason.NOT_A_MEDIA_FILE, "cannot open it as a media file");
    assertRejected(BadInputs.audioOnly(dir, "a.mp4"), RejectReason.NO_VIDEO_STREAM,
        "the file holds audio (aac) but no video stream");
    assertRejected(dir.resolve("missing.mp4"), RejectReason.FILE_NOT_FOUND, "no such file");
    assertRejected(BadInputs.directory(dir, "d.mp4"), RejectReason.UNREADABLE_FILE, "not a regular file");
  }
}
