package org.constcl.eval.track;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Scores tracker result files against OTB ground truth: one sequence (two files) or a dataset
 * (an OTB root of {@code <Seq>/groundtruth_rect[.N].txt} and a folder of {@code <Seq>[.N].txt}
 * results, the GOT toolkit's layout). The sequences whose annotation covers only part of their
 * images (David, Football1, Freeman3, Freeman4, Diving) have results for all images sliced to
 * the annotated range.
 */
public final class OtbScoring {
  /** 1-based inclusive annotated frame ranges (eval-protocols §2.1). */
  public static final Map<String, int[]> PARTIAL = Map.of("David", new int[] {300, 770}, "Football1", new int[] {1, 74},
      "Freeman3", new int[] {1, 460}, "Freeman4", new int[] {1, 283}, "Diving", new int[] {1, 215});

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Scored sequences and the dataset curves. */
  public record Result(OtbSemantics semantics, List<OpeScore.Sequence> sequences, double[] success, double[] precision) {
    public double auc() {
      return OpeScore.auc(success);
    }

    public double precisionAt20() {
      return precision[20];
    }

    public double successAt05() {
      return success[10];
    }

    public ObjectNode json() {
      ObjectNode o = JSON.createObjectNode();
      o.put("semantics", semantics.id());
      o.put("sequences", sequences.size());
      o.put("auc", auc());
      o.put("precision_20px", precisionAt20());
      o.put("success_0.5", successAt05());
      ArrayNode t = o.putArray("success_thresholds");
      for (int k = 0; k < OpeScore.SUCCESS_POINTS; k++) {
        t.add(OpeScore.successThreshold(k));
      }
      ArrayNode s = o.putArray("success_curve");
      for (double v : success) {
        s.add(v);
      }
      ArrayNode p = o.putArray("precision_curve");
      for (double v : precision) {
        p.add(v);
      }
      ObjectNode per = o.putObject("per_sequence");
      for (OpeScore.Sequence q : sequences) {
        ObjectNode n = per.putObject(q.name());
        n.put("frames", q.frames());
        n.put("auc", OpeScore.auc(q.success()));
        n.put("precision_20px", q.precision()[20]);
        n.put("success_0.5", q.success()[10]);
        if (!q.notes().isEmpty()) {
          q.notes().forEach(n.putArray("notes")::add);
        }
      }
      return o;
    }
  }

  private OtbScoring() {}

  public static Result score(Path groundTruth, Path results, OtbSemantics semantics) throws IOException {
    Map<String, Path> gt = groundTruthFiles(groundTruth);
    List<OpeScore.Sequence> scored = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, Path> e : gt.entrySet()) {
      Path r = Files.isDirectory(results) ? results.resolve(e.getKey() + ".txt") : results;
      if (!Files.isRegularFile(r)) {
        missing.add(e.getKey());
        continue;
      }
      List<double[]> g = BoxFile.read(e.getValue());
      List<double[]> p = BoxFile.read(r);
      String base = e.getKey().replaceAll("\\.\\d+$", "");
      int[] range = PARTIAL.get(base);
      List<String> note = new ArrayList<>();
      if (range != null && p.size() > g.size() && p.size() >= range[1] && g.size() == range[1] - range[0] + 1) {
        p = p.subList(range[0] - 1, range[1]);
        note.add("results for all images sliced to the annotated frames " + range[0] + "-" + range[1]);
      }
      try {
        OpeScore.Sequence s = OpeScore.score(e.getKey(), g, p, semantics);
        note.addAll(s.notes());
        scored.add(new OpeScore.Sequence(s.name(), s.success(), s.precision(), s.frames(), note));
      } catch (IllegalArgumentException x) {
        throw new IOException(x.getMessage() + " (" + e.getValue() + " vs " + r + ")");
      }
    }
    if (!missing.isEmpty()) {
      throw new IOException("no result file for " + missing.size() + " sequences in " + results + ": "
          + String.join(", ", missing.subList(0, Math.min(10, missing.size()))) + (missing.size() > 10 ? ", ..." : ""));
    }
    double[][] avg = OpeScore.average(scored);
    return new Result(semantics, scored, avg[0], avg[1]);
  }

  /** Sequence name → ground-truth file, from a file, a sequence folder or an OTB root. */
  static Map<String, Path> groundTruthFiles(Path gt) throws IOException {
    Map<String, Path> out = new LinkedHashMap<>();
    if (Files.isRegularFile(gt)) {
      out.put(stripTxt(gt.getFileName().toString()), gt);
      return out;
    }
    if (!Files.isDirectory(gt)) {
      throw new IOException(gt + ": no such ground-truth file or folder");
    }
    List<Path> seqs = new ArrayList<>();
    if (hasGroundTruth(gt)) {
      seqs.add(gt);
    } else {
      try (Stream<Path> s = Files.list(gt)) {
        s.filter(Files::isDirectory).sorted().filter(OtbScoring::hasGroundTruth).forEach(seqs::add);
      }
    }
    for (Path seq : seqs) {
      String name = seq.getFileName().toString();
      if (Files.isRegularFile(seq.resolve("groundtruth_rect.txt"))) {
        out.put(name, seq.resolve("groundtruth_rect.txt"));
      }
      for (int k = 1; Files.isRegularFile(seq.resolve("groundtruth_rect." + k + ".txt")); k++) {
        out.put(name + "." + k, seq.resolve("groundtruth_rect." + k + ".txt"));
      }
    }
    if (out.isEmpty()) {
      throw new IOException(gt + ": no groundtruth_rect.txt in it or in its sub-folders");
    }
    return out;
  }

  private static boolean hasGroundTruth(Path dir) {
    return Files.isRegularFile(dir.resolve("groundtruth_rect.txt")) || Files.isRegularFile(dir.resolve("groundtruth_rect.1.txt"));
  }

  private static String stripTxt(String s) {
    return s.endsWith(".txt") ? s.substring(0, s.length() - 4) : s;
  }
}
