package org.constcl.transforms.video;

/** Lets tests in other packages check JPEG frames. */
public final class SegmentDecoderTestSupport {
  private SegmentDecoderTestSupport() {}

  /** Asserts that {@code jpeg} is a JPEG that decodes to {@code width x height}. */
  public static void assertDecodesTo(byte[] jpeg, int width, int height) {
    SegmentDecoderTest.assertDecodesTo(jpeg, width, height);
  }
}
