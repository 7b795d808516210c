package org.constcl.tfmodel.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

/** The colour operations, the blur and the view renderer against hand-computed values. */
class AugmentationTest {
  @Test
  void colourOpsMatchTheirDefinitions() {
    float[] px = {0.2f, 0.4f, 0.6f, 0.8f, 0.5f, 0.1f};
    ColorOps.brightness(px, 1.5);
    assertThat(px).containsExactly(new float[] {0.3f, 0.6f, 0.9f, 1f, 0.75f, 0.15f}, offset(1e-6f));

    float[] c = {0.2f, 0.4f, 0.6f, 0.6f, 0.8f, 0.2f}; // channel means 0.4, 0.6, 0.4
    ColorOps.contrast(c, 2.0);
    assertThat(c).containsExactly(new float[] {0f, 0.2f, 0.8f, 0.8f, 1f, 0f}, offset(1e-6f));

    float[] red = {1f, 0f, 0f};
    ColorOps.hue(red, 1.0 / 3);
    assertThat(red).containsExactly(new float[] {0f, 1f, 0f}, offset(1e-5f));

    float[] s = {0.8f, 0.4f, 0.2f};
    ColorOps.saturation(s, 0.0);
    assertThat(s).containsExactly(new float[] {0.8f, 0.8f, 0.8f}, offset(1e-6f));

    float[] round = {0.13f, 0.57f, 0.91f};
    float[] hsv = new float[3];
    ColorOps.toHsv(round, 0, hsv);
    float[] back = new float[3];
    ColorOps.fromHsv(hsv, back, 0);
    assertThat(back).containsExactly(round, offset(1e-6f));

    float[] g = {1f, 0.5f, 0f};
    ColorOps.grayscale(g);
    assertThat(g).containsExactly(new float[] {0.5924f, 0.5924f, 0.5924f}, offset(1e-6f));

    float[] sol = {0.2f, 0.5f, 0.9f};
    ColorOps.solarize(sol);
    assertThat(sol).containsExactly(new float[] {0.2f, 0.5f, 0.1f}, offset(1e-6f));
  }

  @Test
  void blurIsTheReferenceKernelWithZeroPadding() {
    assertThat(GaussianBlur.radius(224)).isEqualTo(11); // 23 taps
    assertThat(GaussianBlur.radius(112)).isEqualTo(5);
    float[] k = GaussianBlur.kernel(1.0, 3);
    double sum = 0;
    for (float v : k) {
      sum += v;
    }
    assertThat(sum).isCloseTo(1.0, offset(1e-6));
    assertThat(k[3] / k[4]).isCloseTo((float) Math.exp(0.5), offset(1e-5f));
    int size = 40;
    float[] img = new float[size * size * 3];
    java.util.Arrays.fill(img, 0.5f);
    GaussianBlur.apply(img, 1, size, 1.5);
    assertThat(img[(20 * size + 20) * 3]).isCloseTo(0.5f, offset(1e-5f)); // interior unchanged
    assertThat(img[0]).isLessThan(0.3f); // the corner darkens: zero padding
  }

  @Test
  void withoutAugmentationAViewIsTheResizedFrameInRgb() {
    try (Mat frame = new Mat(48, 64, opencv_core.CV_8UC3);
        ViewRenderer r = new ViewRenderer(32);
        Mat resized = new Mat();
        Mat rgb = new Mat()) {
      opencv_core.randu(frame, new Mat(1, 1, opencv_core.CV_64F, new org.bytedeco.opencv.opencv_core.Scalar(0)),
          new Mat(1, 1, opencv_core.CV_64F, new org.bytedeco.opencv.opencv_core.Scalar(255)));
      ViewAugmentation none = ViewAugmentation.draw(AugmentSettings.none(), 0, 64, 48, new SplittableRandom(1));
      assertThat(none.crop()).isEqualTo(new CropWindow(0, 0, 64, 48));
      byte[] out = new byte[2 * 32 * 32 * 3];
      r.render(List.of(frame, frame), none, out, 0);
      opencv_imgproc.resize(frame, resized, new Size(32, 32), 0, 0, opencv_imgproc.INTER_LINEAR);
      opencv_imgproc.cvtColor(resized, rgb, opencv_imgproc.COLOR_BGR2RGB);
      byte[] expected = new byte[32 * 32 * 3];
      rgb.data().get(expected);
      assertThat(java.util.Arrays.copyOfRange(out, 0, expected.length)).isEqualTo(expected);
      assertThat(java.util.Arrays.copyOfRange(out, expected.length, 2 * expected.length)).isEqualTo(expected);
    }
  }

  @Test
  void theSecondViewAloneIsSolarisedAndViewOneAlwaysBlurred() {
    AugmentSettings s = AugmentSettings.reference();
    SplittableRandom rng = new SplittableRandom(5);
    int solarised1 = 0;
    int solarised2 = 0;
    int blurred1 = 0;
    int blurred2 = 0;
    for (int i = 0; i < 2000; i++) {
      ViewAugmentation a = ViewAugmentation.draw(s, 0, 342, 256, rng);
      ViewAugmentation b = ViewAugmentation.draw(s, 1, 342, 256, rng);
      solarised1 += a.solarize() ? 1 : 0;
      solarised2 += b.solarize() ? 1 : 0;
      blurred1 += a.blurSigma() > 0 ? 1 : 0;
      blurred2 += b.blurSigma() > 0 ? 1 : 0;
    }
    assertThat(solarised1).isZero();
    assertThat(solarised2).isBetween(320, 480);
    assertThat(blurred1).isEqualTo(2000);
    assertThat(blurred2).isBetween(140, 260);
  }
}
