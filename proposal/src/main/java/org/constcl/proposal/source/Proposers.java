package org.constcl.proposal.source;

import java.util.List;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.constcl.proposal.detect.ModelException;
import org.constcl.proposal.record.Box;

/** Creates the proposer a config describes, and checks that it runs before a pipeline starts. */
public final class Proposers {
  private Proposers() {}

  /** A new proposer for {@code config} (its engine's; loads native libraries and any model). */
  public static RegionProposer create(ProposalConfig config) {
    return config.engine().create(config);
  }

  /**
   * Creates the proposer and runs it once on a mid-grey {@code width x height} frame, so that a
   * model that cannot be loaded or whose outputs cannot be interpreted fails here, with a
   * one-line message, rather than on every clip inside a pipeline.
   *
   * @throws ModelException for a model problem
   */
  public static void check(ProposalConfig config, int width, int height) {
    try (RegionProposer proposer = create(config);
        Scalar grey = new Scalar(128, 128, 128, 0);
        Mat frame = new Mat(height, width, opencv_core.CV_8UC3, grey)) {
      List<Box> boxes = proposer.propose(new FrameRef("check", 0, width, height), config.needsPixels() ? frame : null);
      if (boxes == null) {
        throw new ModelException(config.engine().id() + " returned no box list");
      }
    }
  }
}
