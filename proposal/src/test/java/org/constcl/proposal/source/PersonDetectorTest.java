package org.constcl.proposal.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.constcl.proposal.record.Box;
import org.constcl.proposal.testing.ClipDatasets;
import org.constcl.proposal.testing.Frames;
import org.constcl.transforms.record.ClipRecord;
import org.junit.jupiter.api.Test;

/**
 * The default person source (OpenCV HOG) on vtest.avi, against pedestrians marked by eye on
 * 3x enlarged frames (stored frames are 342x256; people are 24-46 px tall). Each frame shows
 * seven pedestrians, some small or partly hidden by a sign post; the source must find at least
 * half of them, and its boxes must be people, not the scenery.
 */
class PersonDetectorTest {
  /** Pedestrian boxes in stored-frame pixels: {x0, y0, x1, y1}. */
  static final int[][] FRAME_100 = {
    {99, 26, 105, 41},    // far walker on the grass, 15 px tall
    {155, 88, 168, 122},  // dark coat, front
    {167, 79, 182, 113},  // jeans
    {190, 81, 200, 114},  // behind the sign post
    {220, 66, 231, 98},   // red top
    {229, 67, 241, 98},   // beside red top
    {263, 68, 275, 104},  // right, near the road
  };
  static final int[][] FRAME_200 = {
    {37, 68, 49, 95},     // light blue jacket, left
    {99, 85, 111, 119},   // dark coat
    {217, 64, 231, 99},   // centre
    {301, 44, 310, 68},   // red top, far right, 24 px tall
    {313, 46, 321, 69},   // beside it
    {274, 117, 289, 163}, // bottom, front
    {313, 113, 331, 157}, // bottom right
  };

  @Test
  void findsAtLeastHalfOfThePedestriansOnMarkedFrames() {
    ClipRecord clip = ClipDatasets.record(ClipDatasets.vtest(), "vtest.avi#0");
    assertThat(clip.width()).isEqualTo(342);
    ProposalConfig config = ProposalConfig.builder("person").build();
    assertThat(config.engine().id()).isEqualTo("opencv-4.13.0/hog-default-people");
    try (RegionProposer hog = Proposers.create(config)) {
      check(hog, clip, 100, FRAME_100, 4);
      check(hog, clip, 200, FRAME_200, 4);
    }
  }

  @Test
  void sameFrameSameBoxes() {
    ClipRecord clip = ClipDatasets.record(ClipDatasets.vtest(), "vtest.avi#0");
    ProposalConfig config = ProposalConfig.builder("person").build();
    try (RegionProposer a = Proposers.create(config); RegionProposer b = Proposers.create(config);
        Mat frame = Frames.bgr(clip, 150)) {
      FrameRef ref = new FrameRef(clip.clipId(), 150, clip.width(), clip.height());
      List<Box> first = a.propose(ref, frame);
      assertThat(first).isNotEmpty().allSatisfy(x -> assertThat(x.label()).isEqualTo("person"));
      assertThat(b.propose(ref, frame)).isEqualTo(first);
      assertThat(a.propose(ref, frame)).isEqualTo(first);
    }
  }

  private static void check(RegionProposer hog, ClipRecord clip, int frame, int[][] people, int minFound) {
    List<Box> found;
    try (Mat bgr = Frames.bgr(clip, frame)) {
      found = hog.propose(new FrameRef(clip.clipId(), frame, clip.width(), clip.height()), bgr);
    }
    List<Box> truth = new ArrayList<>();
    for (int[] p : people) {
      truth.add(Box.fromPixels(p[0], p[1], p[2], p[3], clip.width(), clip.height(), 1f, "person"));
    }
    int matched = Matching.greedy(truth, found, 0.3);
    assertThat(matched).as("frame %d: pedestrians found among %s", frame, found).isGreaterThanOrEqualTo(minFound);
    // Nearly every box is a person: at most one false positive per frame.
    assertThat(found.size() - matched).as("frame %d boxes that match no pedestrian", frame).isLessThanOrEqualTo(1);
  }
}
