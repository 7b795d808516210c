package org.constcl.eval.extract;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
import org.constcl.eval.data.ClipGeometry;
import org.constcl.eval.data.ClipRef;
import org.constcl.transforms.io.DatasetFolder;
import org.constcl.transforms.io.ParquetRows;
import org.constcl.transforms.io.ShardLayout;
import org.constcl.transforms.io.WriteParquetShards;
import org.constcl.transforms.io.WriteRejects;
import org.constcl.transforms.record.Reject;
import org.constcl.transforms.summary.SummaryFiles;

/**
 * Multi-view feature extraction on Beam: test videos → (reshuffle) → {@link ExtractFeaturesFn}
 * (the classifier SavedModel, loaded once per worker) → feature records in Parquet shards, rejects
 * in {@code rejects/}. Only clip places travel through the pipeline; workers read frames from the
 * clip shards themselves. {@link #run} returns what was written, read back.
 */
public final class FeatureExtractionPipeline {
  /** Shard file prefix of a feature dataset. */
  public static final String PREFIX = "features";

  private FeatureExtractionPipeline() {}

  /** One video's score: its label and the mean over its views of the softmax of their logits. */
  public record VideoScore(int labelIndex, int views, double[] meanSoftmax) {}

  /** What a run wrote: video scores by video id and the rejected videos. */
  public record Output(Map<String, VideoScore> videos, List<Reject> rejects) {
    public long records() {
      return videos.values().stream().mapToLong(VideoScore::views).sum();
    }
  }

  /** The tasks for a split's videos: one per video, segments in order. */
  public static List<VideoTask> tasks(Map<String, List<ClipRef>> videos) {
    List<VideoTask> tasks = new ArrayList<>();
    videos.forEach((id, segs) -> tasks.add(new VideoTask(id, segs.get(0).label(), segs.get(0).labelIndex(), segs)));
    return tasks;
  }

  /**
   * Extracts features of {@code tasks} with the SavedModel at {@code model} into {@code output}.
   *
   * @throws IllegalStateException if the pipeline does not finish
   */
  public static Output run(PipelineOptions options, List<VideoTask> tasks, Path model, ClipGeometry geometry,
      Path output, int shards) throws IOException {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("no videos to extract features from");
    }
    Path out = output.toAbsolutePath().normalize();
    DatasetFolder.prepare(out, true);
    Pipeline p = Pipeline.create(options);
    PCollectionTuple scored = p
        .apply("ListVideos", Create.of(tasks).withCoder(SerializableCoder.of(VideoTask.class)))
        .apply("SpreadVideos", Reshuffle.viaRandomKey())
        .apply("ExtractFeatures", ParDo.of(new ExtractFeaturesFn(model.toAbsolutePath().toString(), geometry))
            .withOutputTags(ExtractFeaturesFn.FEATURES, TupleTagList.of(ExtractFeaturesFn.REJECTS)));
    scored.get(ExtractFeaturesFn.FEATURES).setCoder(KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of()))
        .apply("WriteFeatures", WriteParquetShards.to(out.toString(), new ShardLayout(PREFIX, shards), FeatureRecords.SCHEMA));
    scored.get(ExtractFeaturesFn.REJECTS).setCoder(SerializableCoder.of(Reject.class))
        .apply("WriteRejects", WriteRejects.into(out.toString()));
    PipelineResult.State state = p.run().waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("the feature extraction pipeline ended in state " + state);
    }
    Output written = read(out);
    ObjectNode summary = SummaryFiles.JSON.createObjectNode();
    summary.put("dataset", "features");
    summary.put("videos", written.videos().size());
    summary.put("records", written.records());
    summary.put("views_per_video", geometry.views());
    summary.put("model", model.toAbsolutePath().toString());
    summary.putObject("shards").put("prefix", PREFIX).put("count", shards);
    summary.putObject("rejects").put("count", written.rejects().size());
    SummaryFiles.write(out.toString(), summary);
    return written;
  }

  /** One video's feature: its label and the mean over its views of their (L2-normalised) features. */
  public record VideoFeature(String label, int labelIndex, int views, float[] meanFeature) {}

  /** Reads a feature dataset's per-video mean features, by video id in id order (streaming, one running sum per video). */
  public static Map<String, VideoFeature> readFeatures(Path folder) throws IOException {
    Map<String, double[]> sums = new java.util.TreeMap<>();
    Map<String, int[]> counts = new java.util.HashMap<>();
    Map<String, Integer> labels = new java.util.HashMap<>();
    Map<String, String> names = new java.util.HashMap<>();
    for (Path shard : ParquetRows.shards(folder, PREFIX)) {
      ParquetRows.forEach(shard, g -> {
        String id = g.get("video_id").toString();
        float[] f = FeatureRecords.floats(g, "features");
        double[] sum = sums.computeIfAbsent(id, k -> new double[f.length]);
        for (int i = 0; i < f.length; i++) {
          sum[i] += f[i];
        }
        counts.computeIfAbsent(id, k -> new int[1])[0]++;
        labels.put(id, (Integer) g.get("label_index"));
        names.put(id, String.valueOf(g.get("label")));
      });
    }
    Map<String, VideoFeature> out = new LinkedHashMap<>();
    sums.forEach((id, sum) -> {
      int n = counts.get(id)[0];
      float[] mean = new float[sum.length];
      for (int i = 0; i < sum.length; i++) {
        mean[i] = (float) (sum[i] / n);
      }
      out.put(id, new VideoFeature(names.get(id), labels.get(id), n, mean));
    });
    return out;
  }

  /**
   * Reads a feature dataset's scores — streaming, one running sum per video, no record kept — and
   * its rejects. (An Avro projection onto the logits would skip the features column, but
   * parquet-avro cannot project these list columns.)
   */
  public static Output read(Path folder) throws IOException {
    Map<String, double[]> sums = new java.util.TreeMap<>();
    Map<String, int[]> counts = new java.util.HashMap<>();
    Map<String, Integer> labels = new java.util.HashMap<>();
    for (Path shard : ParquetRows.shards(folder, PREFIX)) {
      ParquetRows.forEach(shard, g -> {
        String id = g.get("video_id").toString();
        float[] logits = FeatureRecords.floats(g, "logits");
        org.constcl.eval.metrics.VideoScores.addSoftmax(logits, sums.computeIfAbsent(id, k -> new double[logits.length]));
        counts.computeIfAbsent(id, k -> new int[1])[0]++;
        labels.put(id, (Integer) g.get("label_index"));
      });
    }
    Map<String, VideoScore> videos = new LinkedHashMap<>();
    sums.forEach((id, sum) -> {
      int n = counts.get(id)[0];
      for (int c = 0; c < sum.length; c++) {
        sum[c] /= n;
      }
      videos.put(id, new VideoScore(labels.get(id), n, sum));
    });
    List<Reject> rejects = new ArrayList<>();
    Path rejectDir = folder.resolve(WriteRejects.DIR);
    if (Files.isDirectory(rejectDir)) {
      for (Path f : ParquetRows.shards(rejectDir, WriteRejects.DIR)) {
        ParquetRows.forEach(f, g -> rejects.add(Reject.fromAvro(g)));
      }
    }
    return new Output(videos, rejects);
  }
}
