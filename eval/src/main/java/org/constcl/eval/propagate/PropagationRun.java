package org.constcl.eval.propagate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.constcl.eval.benchmark.BenchmarkResults;
import org.constcl.eval.benchmark.PropagationResult;
import org.constcl.eval.run.BackboneSource;
import org.constcl.eval.run.EvalException;

/**
 * The label-propagation benchmark end to end: for each sequence of a {@link DavisSet}, read the
 * frames and annotations (checked: one frame size, annotations of that size, labels the first
 * frame knows), extract {@link FrameFeatures} from the frozen backbone, propagate the first
 * frame's objects ({@link LabelPropagation}), write the predicted palette PNGs in DAVIS's results
 * layout ({@code results/<seq>/00000.png}) and score them as the official semi-supervised
 * evaluation does (first and last frames left out; {@link JfMeasure}). Writes {@code
 * settings.json}, {@code per_object.csv} and {@code metrics.json} (with the typed {@link
 * PropagationResult}).
 */
public final class PropagationRun {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * What to run.
   *
   * @param shortSide the frames' short side as the backbone sees them (both sides rounded to a multiple of 8)
   * @param frames frames per clip around each frame
   * @param frameStride frames between clip frames
   * @param maxFrames frames per sequence at most (0: all)
   * @param batch clips per backbone call
   */
  public record Request(Path davis, String resolution, String split, BackboneSource init, String layer, int shortSide,
      int frames, int frameStride, LabelPropagation.Settings propagation, int maxFrames, int batch, long seed, int threads,
      Path output) {}

  /** One object's scores. */
  record ObjectScore(String sequence, int object, JfMeasure.Statistics j, JfMeasure.Statistics f) {}

  private PropagationRun() {}

  public static PropagationResult run(Request r, PrintStream progress) throws EvalException, IOException {
    if (r.shortSide() < 16 || r.frames() < 1 || r.frameStride() < 1 || r.maxFrames() < 0 || r.batch() < 1) {
      throw EvalException.usage("propagation needs size >= 16, frames >= 1, frame stride >= 1, max frames >= 0 and batch >= 1");
    }
    DavisSet set;
    try {
      set = DavisSet.open(r.davis(), r.resolution(), r.split());
    } catch (IOException e) {
      throw EvalException.usage(e.getMessage());
    }
    Files.createDirectories(r.output());
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("benchmark", "propagation");
    settings.put("dataset", r.davis().toString());
    settings.put("resolution", r.resolution());
    settings.put("split", r.split());
    settings.putAll(r.init().describe());
    settings.put("layer", r.layer());
    settings.put("short_side", r.shortSide());
    settings.put("frames", r.frames());
    settings.put("frame_stride", r.frameStride());
    settings.put("topk", r.propagation().topK());
    settings.put("temperature", r.propagation().temperature());
    settings.put("radius", r.propagation().radius());
    settings.put("context", r.propagation().context());
    settings.put("max_frames", r.maxFrames());
    settings.put("seed", r.seed());
    JSON.writeValue(r.output().resolve("settings.json").toFile(), settings);

    List<ObjectScore> scores = new ArrayList<>();
    long propagated = 0;
    double featureSeconds = 0;
    double propagationSeconds = 0;
    // One graph per frame size (the backbone's shapes are static); sequences usually share one.
    Map<String, FrameFeatures> bySize = new LinkedHashMap<>();
    try {
      for (DavisSet.Sequence seq : set.sequences()) {
        SequenceFrames loaded = SequenceFrames.load(seq, r.maxFrames(), r.shortSide());
        FrameFeatures features = bySize.get(loaded.width() + "x" + loaded.height());
        if (features == null) {
          features = FrameFeatures.build(r.init().spec(), r.layer(), r.frames(), loaded.height(), loaded.width(), r.seed(),
              r.threads());
          bySize.put(loaded.width() + "x" + loaded.height(), features);
          features.initialize();
          r.init().load(features);
        }
        SequencePropagator propagator = new SequencePropagator(features, r.propagation(), r.frameStride(), r.batch());
        int n = loaded.rgb().size();
        long t0 = System.nanoTime();
        List<FrameFeatures.FeatureMap> maps = propagator.features(loaded.rgb());
        long t1 = System.nanoTime();
        int objects = loaded.objects();
        List<float[]> soft = propagator.propagate(maps, loaded.labels().get(0), objects);
        FrameFeatures.FeatureMap shape = maps.get(0);
        long t2 = System.nanoTime();
        featureSeconds += (t1 - t0) / 1e9;
        propagationSeconds += (t2 - t1) / 1e9;
        propagated += n - 1;
        LabelMap firstMap = loaded.labels().get(0);
        Path results = Files.createDirectories(r.output().resolve("results").resolve(seq.name()));
        List<LabelMap> predicted = new ArrayList<>();
        for (int t = 0; t < n; t++) {
          LabelMap p = t == 0 ? withoutVoid(firstMap)
              : SoftLabels.toLabels(soft.get(t), objects + 1, shape.height(), shape.width(), firstMap.width(), firstMap.height());
          predicted.add(p);
          MaskPng.write(results.resolve(seq.annotations().get(t).getFileName()), p);
        }
        scores.addAll(score(seq.name(), loaded.labels(), predicted, objects));
        progress.printf(Locale.ROOT, "propagated %s: %d frames, %d object%s%n", seq.name(), n, objects, objects == 1 ? "" : "s");
      }
    } catch (IllegalArgumentException e) {
      throw EvalException.usage(e.getMessage());
    } finally {
      bySize.values().forEach(FrameFeatures::close);
    }
    double fps = propagated / Math.max(1e-9, featureSeconds + propagationSeconds);
    PropagationResult result = summarize(r.davis().getFileName().toString(), scores, set.sequences().size(), fps);
    writeObjects(r.output().resolve("per_object.csv"), scores);
    ObjectNode metrics = JSON.valueToTree(settings);
    metrics.put("frames_propagated", propagated);
    metrics.put("feature_seconds", featureSeconds);
    metrics.put("propagation_seconds", propagationSeconds);
    metrics.put("frames_per_second", fps);
    metrics.set("result", BenchmarkResults.toJson(result));
    JSON.writeValue(r.output().resolve(BenchmarkResults.FILE).toFile(), metrics);
    return result;
  }

  /** Per-object statistics over the frames the official evaluation scores (all but the first and last). */
  static List<ObjectScore> score(String sequence, List<LabelMap> truth, List<LabelMap> predicted, int objects) {
    int n = truth.size();
    List<ObjectScore> out = new ArrayList<>();
    for (int o = 1; o <= objects; o++) {
      double[] j = new double[Math.max(0, n - 2)];
      double[] f = new double[j.length];
      for (int t = 1; t < n - 1; t++) {
        LabelMap gt = truth.get(t);
        boolean[] g = gt.mask(o);
        boolean[] p = predicted.get(t).mask(o);
        j[t - 1] = JfMeasure.jaccard(g, p);
        f[t - 1] = JfMeasure.boundaryF(g, p, gt.width(), gt.height());
      }
      out.add(new ObjectScore(sequence, o, JfMeasure.statistics(j), JfMeasure.statistics(f)));
    }
    return out;
  }

  static PropagationResult summarize(String dataset, List<ObjectScore> scores, int sequences, double fps) {
    double jm = mean(scores.stream().mapToDouble(s -> s.j().mean()).toArray());
    double fm = mean(scores.stream().mapToDouble(s -> s.f().mean()).toArray());
    return new PropagationResult("propagation", dataset, (jm + fm) / 2, jm, fm,
        mean(scores.stream().mapToDouble(s -> s.j().recall()).toArray()),
        mean(scores.stream().mapToDouble(s -> s.f().recall()).toArray()),
        mean(scores.stream().mapToDouble(s -> s.j().decay()).toArray()),
        mean(scores.stream().mapToDouble(s -> s.f().decay()).toArray()), sequences, scores.size(), fps);
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return v.length == 0 ? Double.NaN : s / v.length;
  }

  private static void writeObjects(Path file, List<ObjectScore> scores) throws IOException {
    StringBuilder b = new StringBuilder("sequence,object,j_mean,j_recall,j_decay,f_mean,f_recall,f_decay\n");
    for (ObjectScore s : scores) {
      b.append(String.format(Locale.ROOT, "%s,%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f%n", s.sequence(), s.object(), s.j().mean(),
          s.j().recall(), s.j().decay(), s.f().mean(), s.f().recall(), s.f().decay()));
    }
    Files.writeString(file, b, StandardCharsets.UTF_8);
  }

  private static LabelMap withoutVoid(LabelMap m) {
    byte[] l = m.labels().clone();
    for (int i = 0; i < l.length; i++) {
      if ((l[i] & 0xff) == DavisPalette.VOID) {
        l[i] = 0;
      }
    }
    return new LabelMap(m.width(), m.height(), l);
  }
}
