package org.constcl.eval.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class TrackingCropsTest {
  @Test
  void aWindowTwiceTheTargetShowsItInTheCentralHalfAndPadsWithTheMeanColour() {
    try (Mat frame = new Mat(100, 120, CV_8UC3, new Scalar(0, 0, 0, 0)); Rect r = new Rect(40, 30, 20, 20);
        Mat roi = frame.apply(r); Scalar red = new Scalar(0, 0, 255, 0)) {
      roi.put(red);
      byte[] out = new byte[32 * 32 * 3];
      // Target centre (0-based pixel centres): 49.5, 39.5; a 40-pixel window.
      try (Scalar mean = TrackingCrops.meanColour(frame)) {
        TrackingCrops.crop(frame, mean, 49.5, 39.5, 40, 32, out, 0);
      }
      assertThat(out[(16 * 32 + 16) * 3] & 0xff).as("red (RGB order) at the centre").isEqualTo(255);
      assertThat(out[(16 * 32 + 16) * 3 + 2] & 0xff).isZero();
      assertThat(out[(2 * 32 + 2) * 3] & 0xff).as("black frame around the target").isZero();
      // Far outside the frame: the frame's mean red, 400 red pixels of 12000.
      TrackingCrops.crop(frame, TrackingCrops.meanColour(frame), -500, -500, 40, 32, out, 0);
      assertThat(out[0] & 0xff).isBetween(8, 9); // 8.5, rounded by OpenCV
    }
    assertThat(TrackingCrops.exemplarSide(20, 20)).isEqualTo(40.0);
  }
}
