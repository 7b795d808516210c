package org.constcl.workflows.bench;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.constcl.eval.propagate.DavisSet;
import org.constcl.eval.propagate.FrameFeatures;
import org.constcl.eval.propagate.LabelPropagation;
import org.constcl.eval.propagate.SequenceFrames;
import org.constcl.eval.propagate.SequencePropagator;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Label propagation speed: frames per second of the propagation benchmark's inner loop (every
 * frame's clip through the frozen backbone, then top-k affinities to the context frames and the
 * label update) over a DAVIS-layout set, against a named baseline on the same decoded frames — the
 * plain feature-extraction loop, same clips, no affinities — so the ratio is what the affinity step
 * costs. Frames are decoded once before timing; weights do not change the speed (a seeded random
 * init is timed).
 */
@Command(
    name = "propagation",
    mixinStandardHelpOptions = true,
    description = "Label propagation frames/s on a DAVIS-layout set vs the plain feature-extraction loop over the same frames.")
public final class PropagationBenchmark extends BenchVerb {
  @Option(names = "--davis", required = true, paramLabel = "<dir>", description = "DAVIS-2017 folder.")
  Path davis;

  @Option(names = "--backbone", defaultValue = "small", paramLabel = "<spec>", description = "Backbone spec (default: ${DEFAULT-VALUE}).")
  String backbone;

  @Option(names = "--layer", defaultValue = "res4", paramLabel = "<endpoint>", description = "Endpoint (default: ${DEFAULT-VALUE}).")
  String layer;

  @Option(names = "--size", defaultValue = "160", paramLabel = "<px>", description = "Frame short side (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--frames", defaultValue = "8", paramLabel = "<n>", description = "Frames per clip (default: ${DEFAULT-VALUE}).")
  int frames;

  @Option(names = "--context", defaultValue = "20", paramLabel = "<n>", description = "Context frames (default: ${DEFAULT-VALUE}).")
  int context;

  @Option(names = "--threads", defaultValue = "0", paramLabel = "<n>", description = "TensorFlow threads (default: one per core).")
  int threads;

  @Mixin BenchOptions bench;

  @Inject
  PropagationBenchmark(Console console) {
    super(console);
  }

  @Override
  String measure() throws Exception {
    DavisSet set;
    List<SequenceFrames> sequences = new ArrayList<>();
    try {
      set = DavisSet.open(davis, DavisSet.RESOLUTION, DavisSet.SPLIT);
      for (DavisSet.Sequence s : set.sequences()) {
        sequences.add(SequenceFrames.load(s, 0, size));
      }
    } catch (java.io.IOException | org.constcl.eval.run.EvalException e) {
      throw CliException.usage(e.getMessage());
    }
    // One static-shape graph per frame size, as the protocol builds them.
    Map<String, List<SequenceFrames>> bySize = new LinkedHashMap<>();
    for (SequenceFrames s : sequences) {
      bySize.computeIfAbsent(s.width() + "x" + s.height(), k -> new ArrayList<>()).add(s);
    }
    LabelPropagation.Settings crw = LabelPropagation.Settings.crw();
    LabelPropagation.Settings settings = new LabelPropagation.Settings(crw.topK(), crw.temperature(), crw.radius(), context);
    long counted = sequences.stream().mapToLong(s -> s.rgb().size() - 1).sum();
    List<FrameFeatures> graphs = new ArrayList<>();
    try {
      Map<SequencePropagator, List<SequenceFrames>> propagators = new LinkedHashMap<>();
      for (List<SequenceFrames> group : bySize.values()) {
        FrameFeatures features = FrameFeatures.build(backbone, layer, frames, group.get(0).height(), group.get(0).width(), 1,
            threads);
        graphs.add(features);
        features.initialize();
        propagators.put(new SequencePropagator(features, settings, 2, 4), group);
      }
      Timings full = Timings.measure(bench.repeats() + 1, i -> {
        for (Map.Entry<SequencePropagator, List<SequenceFrames>> e : propagators.entrySet()) {
          for (SequenceFrames s : e.getValue()) {
            e.getKey().propagate(e.getKey().features(s.rgb()), s.labels().get(0), s.objects());
          }
        }
      });
      Timings plain = Timings.measure(bench.repeats() + 1, i -> {
        for (Map.Entry<SequencePropagator, List<SequenceFrames>> e : propagators.entrySet()) {
          for (SequenceFrames s : e.getValue()) {
            e.getKey().features(s.rgb());
          }
        }
      });
      return String.format(Locale.ROOT, "label propagation, %s %s at %s, %d-frame clips, top-%d of first + %d context frames"
              + " within %.0f cells, %s threads: %,d frames of %d sequences, median %.3f s = %.1f frames/s; baseline 'the"
              + " plain feature-extraction loop over the same clips, no affinities': %.3f s = %.1f frames/s; ratio %.2f%n",
          backbone, layer, String.join(", ", bySize.keySet()), frames, settings.topK(), context, settings.radius(),
          threads == 0 ? "one per core" : String.valueOf(threads), counted, sequences.size(), full.median(),
          counted / full.median(), plain.median(), counted / plain.median(), full.median() / plain.median());
    } finally {
      for (FrameFeatures f : graphs) {
        f.close();
      }
    }
  }
}
