package org.constcl.tfmodel.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.opencv.opencv_core.Mat;
import org.constcl.proposal.io.MisalignedDatasetException;
import org.constcl.proposal.record.BoxRecord;
import org.constcl.transforms.io.ClipRows;
import org.constcl.transforms.record.ClipRecord;
import org.constcl.transforms.video.JpegDecoder;

/**
 * Turns one clip into a training example: read its row group, sample two views (§5.1), decode
 * only the frames they use, augment each view (§5.2) and place its keyframe boxes. Every random
 * choice comes from a generator seeded by (seed, position in the sample order), so an example
 * does not depend on which thread made it or on what was made before.
 */
final class ExampleMaker {
  private final ClipIndex index;
  private final DataSettings settings;
  private final BoxShardCache boxes;
  private final ThreadLocal<ViewRenderer> renderers;
  private final java.util.Queue<ViewRenderer> created = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.Queue<ClipRows.Reader> opened = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final ThreadLocal<ClipRows.Reader> files = ThreadLocal.withInitial(() -> {
    ClipRows.Reader f = new ClipRows.Reader();
    opened.add(f);
    return f;
  });

  ExampleMaker(ClipIndex index, DataSettings settings) {
    this.index = index;
    this.settings = settings;
    this.boxes = index.boxes() == null ? null : new BoxShardCache(index, 8);
    this.renderers = ThreadLocal.withInitial(() -> {
      ViewRenderer r = new ViewRenderer(settings.size());
      created.add(r);
      return r;
    });
  }

  /** Frees every thread's scratch images and open files; call once no thread uses this maker. */
  void close() {
    created.forEach(ViewRenderer::close);
    created.clear();
    for (ClipRows.Reader r : opened) {
      try {
        r.close();
      } catch (IOException e) {
        // closing read-only files: nothing to lose
      }
    }
    opened.clear();
  }

  /** The example of clip {@code clip} at sample position {@code position}. */
  TrainingExample make(int clip, long position) {
    ClipRows.Place ref = index.ref(clip);
    ClipRecord record = read(ref);
    BoxRecord boxRecord = null;
    if (boxes != null) {
      boxRecord = boxes.get(ref.shard(), ref.rowInShard());
      if (!boxRecord.clipId().equals(record.clipId())) {
        throw new UncheckedIOException(new MisalignedDatasetException("box record " + boxRecord.clipId()
            + " stands where clip " + record.clipId() + " is (" + index.boxShard(ref.shard()).getFileName() + " row "
            + ref.rowInShard() + ")"));
      }
      if (boxRecord.isRejected()) {
        return TrainingExample.skipped(record.clipId(), "rejected_by_region_source", boxRecord.rejectReason());
      }
    }
    SplittableRandom rng = new SplittableRandom(SampleOrder.mix(settings.seed(), position, 0xe4a3_91efL));
    int[][] views = ViewSampler.sample(record.numFrames(), settings.frames(), settings.frameStride(), rng);
    ViewAugmentation[] augs = new ViewAugmentation[2];
    int[] reduction = new int[2];
    for (int v = 0; v < 2; v++) {
      augs[v] = ViewAugmentation.draw(settings.augment(), v, record.width(), record.height(), rng);
      reduction[v] = settings.reducedDecode() ? reduction(augs[v].crop(), settings.size()) : 1;
    }
    Map<Long, Mat> decoded = new HashMap<>();
    try {
      List<List<Mat>> frames = new ArrayList<>(2);
      for (int v = 0; v < 2; v++) {
        List<Mat> viewFrames = new ArrayList<>(views[v].length);
        int r = reduction[v];
        for (int f : views[v]) {
          long key = ((long) f << 4) | r;
          Mat m = decoded.get(key);
          if (m == null) {
            try {
              m = JpegDecoder.decodeBgr(record.frames().get(f), r);
            } catch (IllegalArgumentException e) {
              return TrainingExample.skipped(record.clipId(), "corrupt_jpeg", "frame " + f + ": " + e.getMessage());
            }
            decoded.put(key, m);
            int w = (record.width() + r - 1) / r;
            int h = (record.height() + r - 1) / r;
            if (m.cols() != w || m.rows() != h) {
              return TrainingExample.skipped(record.clipId(), "frame_size_mismatch", "frame " + f + " is "
                  + m.cols() + "x" + m.rows() + " at 1/" + r + " scale, the record says " + record.width() + "x"
                  + record.height());
            }
          }
          viewFrames.add(m);
        }
        frames.add(viewFrames);
      }
      int n = settings.regions();
      byte[][] pixels = new byte[2][settings.viewBytes()];
      float[][] viewBoxes = new float[2][4 * n];
      float[][] masks = new float[2][n];
      for (int v = 0; v < 2; v++) {
        renderers.get().render(frames.get(v), augs[v], reduction[v], pixels[v], 0);
      }
      for (int v = 0; v < 2; v++) {
        int keyframe = views[v][views[v].length / 2];
        if (boxRecord == null) {
          ViewBoxes.random(settings.randomBoxes(), rng, viewBoxes[v], masks[v], 0, n);
        } else {
          ViewBoxes.fromFrame(boxRecord.boxesAtOrBefore(keyframe), augs[v].crop(), record.width(), record.height(),
              augs[v].flip(), settings.size(), viewBoxes[v], masks[v], 0, n);
        }
      }
      return new TrainingExample(record.clipId(), pixels, viewBoxes, masks, null, null);
    } finally {
      decoded.values().forEach(Mat::close);
    }
  }

  /** The largest JPEG scale-down (1, 2, 4, 8) that leaves the crop at least {@code size} pixels per side. */
  static int reduction(CropWindow crop, int size) {
    return crop.decodeReduction(size);
  }

  private ClipRecord read(ClipRows.Place ref) {
    try {
      return files.get().read(ref);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ref.file() + " row group " + ref.rowGroup(), e);
    }
  }
}
