package org.constcl.workflows.bench;

import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.constcl.eval.ava.AvaEvaluator;
import org.constcl.eval.ava.AvaProtocol;
import org.constcl.eval.ava.AvaRows;
import org.constcl.eval.ava.LabelMap;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * AVA mAP evaluation time on a detection file of {@code n} rows (seeded synthetic keyframes,
 * 60 classes, boxes near the ground truth or anywhere) vs a plain single pass over the same rows
 * (read, split, parse every number).
 */
@Command(
    name = "ava-map",
    mixinStandardHelpOptions = true,
    description = "AVA frame-mAP evaluation of a synthetic detection file vs one plain pass over the same rows.")
public final class AvaMapBenchmark extends BenchVerb {
  @Option(names = "--detections", defaultValue = "100000", paramLabel = "<n>", description = "Detection rows (default: ${DEFAULT-VALUE}).")
  int detections;

  @Mixin BenchOptions bench;

  @Inject
  AvaMapBenchmark(Console console) {
    super(console);
  }

  @Override
  String measure() throws Exception {
    if (detections < 1) {
      throw CliException.usage("--detections must be at least 1");
    }
    return run(detections, bench.repeats(), bench.workDir("ava"));
  }

  public static String run(int detections, int repeats, Path dir) throws Exception {
    Files.createDirectories(dir);
    Random rnd = new Random(1);
    StringBuilder labels = new StringBuilder();
    for (int c = 1; c <= 60; c++) {
      labels.append("item {\n  name: \"class").append(c).append("\"\n  id: ").append(c).append("\n}\n");
    }
    Path labelMap = Files.writeString(dir.resolve("labels.pbtxt"), labels);
    int frames = Math.max(1, detections / 50);
    StringBuilder gt = new StringBuilder();
    StringBuilder det = new StringBuilder();
    double[][] boxes = new double[frames][];
    for (int f = 0; f < frames; f++) {
      String key = String.format(Locale.ROOT, "video%03d,%04d", f / 900, 902 + f % 900);
      double x = rnd.nextDouble() * 0.5;
      double y = rnd.nextDouble() * 0.5;
      boxes[f] = new double[] {x, y, x + 0.3, y + 0.4};
      for (int k = 0; k < 3; k++) {
        gt.append(String.format(Locale.ROOT, "%s,%.3f,%.3f,%.3f,%.3f,%d,%d%n", key, x, y, x + 0.3, y + 0.4,
            1 + rnd.nextInt(60), 0));
      }
    }
    for (int i = 0; i < detections; i++) {
      int f = i % frames;
      String key = String.format(Locale.ROOT, "video%03d,%04d", f / 900, 902 + f % 900);
      double j = rnd.nextDouble() < 0.5 ? 0.02 : 0.4;
      double[] b = boxes[f];
      det.append(String.format(Locale.ROOT, "%s,%.3f,%.3f,%.3f,%.3f,%d,%.6f%n", key, clamp(b[0] + j * rnd.nextGaussian()),
          clamp(b[1] + j * rnd.nextGaussian()), clamp(b[2] + j * rnd.nextGaussian()), clamp(b[3] + j * rnd.nextGaussian()),
          1 + rnd.nextInt(60), rnd.nextDouble()));
    }
    Path gtFile = Files.writeString(dir.resolve("gt.csv"), gt);
    Path detFile = Files.writeString(dir.resolve("det.csv"), det);
    double[] result = new double[1];
    Timings eval = Timings.measure(repeats + 1, i -> {
      LabelMap l = LabelMap.read(labelMap);
      AvaEvaluator.Result r = AvaEvaluator.evaluate(l, AvaRows.groundTruth(gtFile, AvaProtocol.CURRENT),
          AvaRows.detections(detFile, AvaProtocol.CURRENT), Set.of(), AvaProtocol.CURRENT);
      result[0] = r.meanAp();
    });
    double[] sink = new double[1];
    Timings pass = Timings.measure(repeats + 1, i -> sink[0] += plainPass(gtFile) + plainPass(detFile));
    return String.format(Locale.ROOT, "AVA mAP on %,d detections over %,d keyframes (60 classes): median %.3f s (mAP %.4f);"
            + " baseline 'one plain pass reading and parsing the same rows': %.3f s; ratio %.2f%n",
        detections, frames, eval.median(), result[0], pass.median(), eval.median() / pass.median());
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  /** Reads every row, splits it and parses its numbers: the least any evaluator must do. */
  private static double plainPass(Path file) throws IOException {
    double sum = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        String[] c = line.split(",", -1);
        sum += Integer.parseInt(c[1]);
        for (int k = 2; k < c.length; k++) {
          sum += Double.parseDouble(c[k]);
        }
      }
    }
    return sum;
  }
}
