package org.constcl.eval.retrieve;

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
import java.util.TreeMap;
import org.apache.beam.sdk.options.PipelineOptions;
import org.constcl.eval.benchmark.BenchmarkResults;
import org.constcl.eval.benchmark.RetrievalResult;
import org.constcl.eval.data.ClipGeometry;
import org.constcl.eval.data.ClipRef;
import org.constcl.eval.data.LabelledClips;
import org.constcl.eval.dataset.DatasetSplit;
import org.constcl.eval.extract.FeatureExtractionPipeline;
import org.constcl.eval.model.ClassifierConfig;
import org.constcl.eval.model.ClassifierModel;
import org.constcl.eval.model.Protocol;
import org.constcl.eval.run.BackboneSource;
import org.constcl.eval.run.EvalException;
import org.constcl.tfmodel.train.LearningRateSchedule;
import org.constcl.transforms.io.FileTrees;

/**
 * Video retrieval end to end: the frozen backbone (a pooled, L2-normalised feature per view, as
 * the linear protocol's classifier computes it, exported without training) scores {@code
 * test_clips} × {@code test_crops} views of every video on Beam, each video's feature is the mean of
 * its views', test videos query the train videos ({@link RecallAtK}). Writes {@code settings.json},
 * {@code saved_model/}, {@code features-test/}, {@code features-train/}, {@code neighbours.csv}
 * (each query's five nearest gallery videos) and {@code metrics.json} (with the typed {@link
 * RetrievalResult}).
 */
public final class RetrievalRun {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What to run. */
  public record Request(String dataset, Path clips, BackboneSource init, ClipGeometry geometry, long seed, int threads,
      PipelineOptions options, Path output) {}

  private RetrievalRun() {}

  public static RetrievalResult run(Request r, PrintStream progress) throws EvalException, IOException {
    LabelledClips clips;
    try {
      clips = LabelledClips.open(r.clips());
    } catch (IOException e) {
      throw EvalException.usage(e.getMessage());
    }
    Map<String, List<ClipRef>> gallery = clips.videos(DatasetSplit.TRAIN);
    Map<String, List<ClipRef>> queries = clips.videos(DatasetSplit.TEST);
    if (gallery.isEmpty() || queries.isEmpty()) {
      throw EvalException.usage("clip dataset " + clips.folder() + " needs train videos (the gallery) and test videos (the"
          + " queries); it has " + gallery.size() + " and " + queries.size());
    }
    for (ClipRef c : clips.clips()) {
      if (c.labelIndex() < 0) {
        throw EvalException.usage("clip " + c.clipId() + " (" + c.split() + ") has no label; retrieval scores by label");
      }
    }
    int classes = (int) clips.clips().stream().mapToInt(ClipRef::labelIndex).max().orElse(0) + 1;
    ClassifierConfig config;
    try {
      config = new ClassifierConfig(Protocol.LINEAR, r.init().spec(), r.geometry().frames(), r.geometry().testSize(),
          r.geometry().testSize(), Math.max(2, classes), 1, 0f, 0f, 0.9f, new LearningRateSchedule(0f, 0, 1), 0.9f, 1e-5f,
          r.seed(), r.threads());
    } catch (IllegalArgumentException e) {
      throw EvalException.usage(e.getMessage());
    }
    Path out = r.output();
    Files.createDirectories(out);
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("benchmark", "retrieval");
    settings.put("dataset", r.dataset());
    settings.putAll(r.init().describe());
    settings.put("frames", r.geometry().frames());
    settings.put("frame_stride", r.geometry().stride());
    settings.put("size", r.geometry().testSize());
    settings.put("test_clips", r.geometry().testClips());
    settings.put("test_crops", r.geometry().testCrops());
    settings.put("seed", r.seed());
    JSON.writeValue(out.resolve("settings.json").toFile(), settings);
    Path savedModel = out.resolve("saved_model");
    try (ClassifierModel model = ClassifierModel.build(config)) {
      model.initialize();
      r.init().load(model);
      FileTrees.delete(savedModel);
      model.exportSavedModel(savedModel);
    }
    progress.printf("extracting %d x %d views of %d query and %d gallery videos on Beam%n", r.geometry().testClips(),
        r.geometry().testCrops(), queries.size(), gallery.size());
    FeatureExtractionPipeline.run(r.options(), FeatureExtractionPipeline.tasks(queries), savedModel, r.geometry(),
        out.resolve("features-test"), 2);
    FeatureExtractionPipeline.run(r.options(), FeatureExtractionPipeline.tasks(gallery), savedModel, r.geometry(),
        out.resolve("features-train"), 2);
    Map<String, FeatureExtractionPipeline.VideoFeature> q = FeatureExtractionPipeline.readFeatures(out.resolve("features-test"));
    Map<String, FeatureExtractionPipeline.VideoFeature> g = FeatureExtractionPipeline.readFeatures(out.resolve("features-train"));
    if (q.isEmpty() || g.isEmpty()) {
      throw EvalException.failed("no " + (q.isEmpty() ? "query" : "gallery") + " video could be read (see "
          + out.resolve(q.isEmpty() ? "features-test" : "features-train").resolve("rejects") + ")", null);
    }
    List<RecallAtK.Item> queryItems = items(q);
    List<RecallAtK.Item> galleryItems = items(g);
    double[] recall = RecallAtK.recall(queryItems, galleryItems, RecallAtK.KS);
    RetrievalResult result = new RetrievalResult("retrieval", r.dataset(), recall[0], recall[1], recall[2], recall[3],
        RecallAtK.chanceAt1(queryItems, galleryItems), q.size(), g.size());
    writeNeighbours(out.resolve("neighbours.csv"), q, g);
    ObjectNode metrics = JSON.valueToTree(settings);
    metrics.put("rejected_queries", queries.size() - q.size());
    metrics.put("rejected_gallery", gallery.size() - g.size());
    metrics.set("result", BenchmarkResults.toJson(result));
    JSON.writeValue(out.resolve(BenchmarkResults.FILE).toFile(), metrics);
    return result;
  }

  private static List<RecallAtK.Item> items(Map<String, FeatureExtractionPipeline.VideoFeature> videos) {
    List<RecallAtK.Item> out = new ArrayList<>();
    videos.values().forEach(v -> out.add(new RecallAtK.Item(v.labelIndex(), v.meanFeature())));
    return out;
  }

  private static void writeNeighbours(Path file, Map<String, FeatureExtractionPipeline.VideoFeature> queries,
      Map<String, FeatureExtractionPipeline.VideoFeature> gallery) throws IOException {
    List<String> ids = new ArrayList<>(gallery.keySet());
    StringBuilder b = new StringBuilder("query,label,rank,neighbour,neighbour_label,cosine\n");
    for (Map.Entry<String, FeatureExtractionPipeline.VideoFeature> e : queries.entrySet()) {
      TreeMap<Double, List<String>> ranked = new TreeMap<>(java.util.Comparator.reverseOrder());
      for (String id : ids) {
        ranked.computeIfAbsent(cosine(e.getValue().meanFeature(), gallery.get(id).meanFeature()), k -> new ArrayList<>()).add(id);
      }
      int rank = 0;
      outer:
      for (Map.Entry<Double, List<String>> n : ranked.entrySet()) {
        for (String id : n.getValue()) {
          if (++rank > 5) {
            break outer;
          }
          b.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%s,%.6f%n", e.getKey(), e.getValue().label(), rank, id,
              gallery.get(id).label(), n.getKey()));
        }
      }
    }
    Files.writeString(file, b, StandardCharsets.UTF_8);
  }

  private static double cosine(float[] a, float[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += (double) a[i] * b[i];
      aa += (double) a[i] * a[i];
      bb += (double) b[i] * b[i];
    }
    return ab / Math.max(1e-12, Math.sqrt(aa * bb));
  }
}
