package org.constcl.tfmodel.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.generic.GenericRecord;
import org.bytedeco.opencv.opencv_core.Mat;
import org.constcl.proposal.io.MisalignedDatasetException;
import org.constcl.proposal.record.BoxRecord;
import org.constcl.transforms.io.ParquetRowGroups;
import org.constcl.transforms.record.ClipRecord;
import org.constcl.transforms.record.ClipRecordAvro;
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

  /** Frees every thread's scratch images; call once no thread uses this maker. */
  void close() {
    created.forEach(ViewRenderer::close);
    created.clear();
  }

  /** The example of clip {@code clip} at sample position {@code position}. */
  TrainingExample make(int clip, long position) {
    ClipIndex.Ref ref = index.ref(clip);
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
    Map<Integer, Mat> decoded = new HashMap<>();
    try {
      for (int[] view : views) {
        for (int f : view) {
          if (!decoded.containsKey(f)) {
            Mat m;
            try {
              m = JpegDecoder.decodeBgr(record.frames().get(f));
            } catch (IllegalArgumentException e) {
              return TrainingExample.skipped(record.clipId(), "corrupt_jpeg", "frame " + f + ": " + e.getMessage());
            }
            decoded.put(f, m);
            if (m.cols() != record.width() || m.rows() != record.height()) {
              return TrainingExample.skipped(record.clipId(), "frame_size_mismatch", "frame " + f + " is "
                  + m.cols() + "x" + m.rows() + ", the record says " + record.width() + "x" + record.height());
            }
          }
        }
      }
      int n = settings.regions();
      byte[][] pixels = new byte[2][settings.viewBytes()];
      float[][] viewBoxes = new float[2][4 * n];
      float[][] masks = new float[2][n];
      for (int v = 0; v < 2; v++) {
        ViewAugmentation aug = ViewAugmentation.draw(settings.augment(), v, record.width(), record.height(), rng);
        List<Mat> frames = new ArrayList<>(views[v].length);
        for (int f : views[v]) {
          frames.add(decoded.get(f));
        }
        renderers.get().render(frames, aug, pixels[v], 0);
        int keyframe = views[v][views[v].length / 2];
        if (boxRecord == null) {
          ViewBoxes.random(settings.randomBoxes(), rng, viewBoxes[v], masks[v], 0, n);
        } else {
          ViewBoxes.fromFrame(boxRecord.boxesAtOrBefore(keyframe), aug.crop(), record.width(), record.height(),
              aug.flip(), settings.size(), viewBoxes[v], masks[v], 0, n);
        }
      }
      return new TrainingExample(record.clipId(), pixels, viewBoxes, masks, null, null);
    } finally {
      decoded.values().forEach(Mat::close);
    }
  }

  private ClipRecord read(ClipIndex.Ref ref) {
    List<GenericRecord> rows = new ArrayList<>(1);
    try {
      ParquetRowGroups.read(ref.span(), g -> {
        if (rows.size() <= ref.rowInGroup()) {
          rows.add(g);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ref.span().file() + " row group " + ref.span().index(), e);
    }
    return ClipRecordAvro.fromAvro(rows.get(ref.rowInGroup()));
  }
}
