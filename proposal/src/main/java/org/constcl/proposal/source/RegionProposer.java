package org.constcl.proposal.source;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.constcl.proposal.record.Box;

/**
 * Computes one source's boxes for one frame. Instances hold native resources and scratch
 * buffers: use one per thread and close it.
 */
public interface RegionProposer extends AutoCloseable {

  /**
   * The boxes of one frame, ranked (best first), normalised to the frame.
   *
   * @param frame which frame
   * @param bgr the decoded 8-bit BGR frame; null for sources that do not look at pixels
   */
  List<Box> propose(FrameRef frame, Mat bgr);

  @Override
  void close();
}
