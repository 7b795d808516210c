package org.constcl.workflows.bench;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.constcl.eval.track.SiamFcConfig;
import org.constcl.eval.track.SiamFcModel;
import org.constcl.eval.track.SiamFcTracker;
import org.constcl.eval.track.TrackingCrops;
import org.constcl.eval.track.TrackingSequence;
import org.constcl.tfmodel.train.LearningRateSchedule;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Tracker speed: frames per second of SiamFC's online loop (decode, three search crops, backbone,
 * correlation, upsampling, window) over OTB-format sequences, against a named baseline on the same
 * frames — decoding each frame and cutting the same three crops, no network — so the ratio is what
 * the network costs. Weights do not change the speed: a seeded random init of the spec is timed.
 */
@Command(
    name = "track",
    mixinStandardHelpOptions = true,
    description = "SiamFC tracker frames/s on OTB-format sequences vs decoding and cropping the same frames without the network.")
public final class TrackerBenchmark extends BenchVerb {
  @Option(names = "--sequences", required = true, paramLabel = "<dir>", description = "OTB root or one sequence folder.")
  Path sequences;

  @Option(names = "--backbone", defaultValue = "small", paramLabel = "<spec>", description = "Backbone spec (default: ${DEFAULT-VALUE}).")
  String backbone;

  @Option(names = "--exemplar-size", defaultValue = "127", paramLabel = "<px>", description = "Exemplar crop (default: ${DEFAULT-VALUE}).")
  int exemplarSize;

  @Option(names = "--search-size", defaultValue = "255", paramLabel = "<px>", description = "Search crop (default: ${DEFAULT-VALUE}).")
  int searchSize;

  @Option(names = "--threads", defaultValue = "0", paramLabel = "<n>", description = "TensorFlow threads (default: one per core).")
  int threads;

  @Mixin BenchOptions bench;

  @Inject
  TrackerBenchmark(Console console) {
    super(console);
  }

  @Override
  String measure() throws Exception {
    int repeats = bench.repeats();
    try {
      return run(sequences, backbone, exemplarSize, searchSize, threads, repeats);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  public static String run(Path sequences, String backbone, int exemplarSize, int searchSize, int threads, int repeats)
      throws Exception {
    List<TrackingSequence> seqs = TrackingSequence.otb(sequences);
    SiamFcConfig config = new SiamFcConfig(backbone, exemplarSize, searchSize, 1, 0f, 0.9f, 1, threads);
    long frames = seqs.stream().mapToLong(s -> s.frames().size() - 1).sum();
    try (SiamFcModel model = SiamFcModel.build(config, new LearningRateSchedule(0f, 0, 1))) {
      model.initialize();
      SiamFcTracker tracker = new SiamFcTracker(model, SiamFcTracker.Settings.siamFc());
      Timings tracking = Timings.measure(repeats + 1, i -> {
        for (TrackingSequence s : seqs) {
          for (int f = 0; f < s.frames().size(); f++) {
            try (Mat frame = read(s.frames().get(f))) {
              if (f == 0) {
                tracker.init(frame, s.boxes().get(0));
              } else {
                tracker.update(frame);
              }
            }
          }
        }
      });
      byte[] crops = new byte[3 * searchSize * searchSize * 3];
      Timings plain = Timings.measure(repeats + 1, i -> {
        for (TrackingSequence s : seqs) {
          double[] b = s.boxes().get(0);
          double side = TrackingCrops.exemplarSide(b[2], b[3]) * searchSize / exemplarSize;
          for (int f = 1; f < s.frames().size(); f++) {
            try (Mat frame = read(s.frames().get(f)); Scalar mean = TrackingCrops.meanColour(frame)) {
              for (int k = 0; k < 3; k++) {
                TrackingCrops.crop(frame, mean, b[0] + b[2] / 2, b[1] + b[3] / 2, side * Math.pow(1.0375, k - 1), searchSize,
                    crops, k * searchSize * searchSize * 3);
              }
            }
          }
        }
      });
      double fps = frames / tracking.median();
      double plainFps = frames / plain.median();
      return String.format(Locale.ROOT, "SiamFC %s, exemplar %d px, search %d px x 3 scales, %d threads: %,d frames of %d"
              + " sequences, median %.3f s = %.1f frames/s (the first frame of each sequence, which only builds the"
              + " template, is timed but not counted); baseline 'decode each frame and cut its three search crops, no"
              + " network': %.3f s = %.1f frames/s; ratio %.2f%n",
          backbone, exemplarSize, searchSize, threads, frames, seqs.size(), tracking.median(), fps, plain.median(), plainFps,
          tracking.median() / plain.median());
    }
  }

  private static Mat read(Path file) throws IOException {
    Mat m = imread(file.toString(), IMREAD_COLOR);
    if (m.empty()) {
      m.close();
      throw new IOException("cannot decode frame " + file);
    }
    return m;
  }
}
