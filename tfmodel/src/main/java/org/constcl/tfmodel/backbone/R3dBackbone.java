package org.constcl.tfmodel.backbone;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.constcl.tfmodel.nn.BatchNorm;
import org.constcl.tfmodel.nn.Conv3dGradient;
import org.constcl.tfmodel.nn.Conv3dLayer;
import org.constcl.tfmodel.nn.Mode;
import org.constcl.tfmodel.nn.VariableStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The R3D backbone of a {@link R3dSpec}, with the last stage built twice with independent weights
 * and statistics: the global branch ({@code res5}) and the local branch ({@code res5_1}), both fed
 * by the previous stage (reference §1.4). Variables live under {@code backbone/}. Build once, apply
 * to as many graph paths (training, inference) as needed; they share the variables.
 */
public final class R3dBackbone {
  /** Variable prefix of the backbone. */
  public static final String SCOPE = "backbone";
  /** Suffix of the local copy of the last stage. */
  public static final String LOCAL_SUFFIX = "_1";

  private final VariableStore vars;
  private final R3dSpec spec;
  private final Conv3dLayer stem;
  private final BatchNorm stemBn;
  private final List<List<Bottleneck>> stages = new ArrayList<>();
  private final List<Bottleneck> localStage;

  public R3dBackbone(VariableStore vars, R3dSpec spec, float bnMomentum, float bnEpsilon) {
    this(vars, spec, bnMomentum, bnEpsilon, true);
  }

  /**
   * As above; without {@code localBranch} only the global last stage is built (downstream models,
   * which use one res5 branch: the reference's 31.7 M backbone parameters exclude res5_1).
   */
  public R3dBackbone(VariableStore vars, R3dSpec spec, float bnMomentum, float bnEpsilon, boolean localBranch) {
    this.vars = vars;
    this.spec = spec;
    Conv3dGradient.register();
    stem = new Conv3dLayer(vars, SCOPE + "/stem/conv", spec.stemKernel(), 3, spec.stemChannels());
    stemBn = new BatchNorm(vars, SCOPE + "/stem/bn", spec.stemChannels(), bnMomentum, bnEpsilon);
    long in = spec.stemChannels();
    long beforeLast = in;
    for (R3dSpec.Stage stage : spec.stages()) {
      beforeLast = in;
      stages.add(stage(stage.name(), stage, in, bnMomentum, bnEpsilon));
      in = stage.outChannels();
    }
    R3dSpec.Stage last = spec.stages().get(spec.stages().size() - 1);
    localStage = localBranch ? stage(last.name() + LOCAL_SUFFIX, last, beforeLast, bnMomentum, bnEpsilon) : null;
  }

  private List<Bottleneck> stage(String name, R3dSpec.Stage stage, long in, float bnMomentum, float bnEpsilon) {
    List<Bottleneck> blocks = new ArrayList<>();
    long channels = in;
    for (int b = 0; b < stage.blocks(); b++) {
      boolean first = b == 0;
      blocks.add(new Bottleneck(vars, SCOPE + "/" + name + "/block" + b, channels, stage.width(),
          stage.temporalKernels()[b], first ? stage.temporalStride() : 1, first ? stage.spatialStride() : 1, first ? stage.dilation() : 1,
          bnMomentum, bnEpsilon));
      channels = stage.outChannels();
    }
    return blocks;
  }

  public R3dSpec spec() {
    return spec;
  }

  /** Runs the backbone on {@code x} ([N, T, H, W, 3], values in [-1, 1]). */
  public Endpoints apply(Operand<TFloat32> x, Mode mode) {
    return apply(x, mode, null);
  }

  /**
   * Runs the backbone on {@code x} only as far as endpoint {@code last} needs ({@code stem},
   * a stage, or the local branch; null: everything). A frozen-feature probe of an early stage
   * does not pay for the stages after it.
   */
  public Endpoints apply(Operand<TFloat32> x, Mode mode, String last) {
    if (last != null && !endpointNames().contains(last)) {
      throw new IllegalArgumentException("no endpoint " + last + " in the " + spec.name() + " backbone (" + endpointNames() + ")");
    }
    Ops tf = vars.ops();
    ConvCost cost = new ConvCost();
    Map<String, Operand<TFloat32>> maps = new LinkedHashMap<>();
    Operand<TFloat32> h = tf.nn.relu(stemBn.apply(cost.add(stem, stem.apply(x, spec.stemStrides(), "SAME")), mode));
    h = tf.nn.maxPool3d(h, dims(spec.poolKernel()), dims(spec.poolStrides()), "SAME");
    maps.put("stem", h);
    String global = spec.stages().get(stages.size() - 1).name();
    if ("stem".equals(last)) {
      return new Endpoints(maps, global, null, cost);
    }
    Operand<TFloat32> beforeLast = h;
    for (int s = 0; s < stages.size(); s++) {
      String name = spec.stages().get(s).name();
      boolean needed = last == null || !name.equals(global) || last.equals(global);
      if (s == stages.size() - 1) {
        beforeLast = h;
        if (!needed) {
          break;
        }
      }
      for (Bottleneck block : stages.get(s)) {
        h = block.apply(h, mode, cost);
      }
      maps.put(name, h);
      if (name.equals(last)) {
        return new Endpoints(maps, global, null, cost);
      }
    }
    if (localStage == null || (last != null && !last.equals(global + LOCAL_SUFFIX))) {
      return new Endpoints(maps, global, null, cost);
    }
    Operand<TFloat32> local = beforeLast;
    for (Bottleneck block : localStage) {
      local = block.apply(local, mode, cost);
    }
    maps.put(global + LOCAL_SUFFIX, local);
    return new Endpoints(maps, global, global + LOCAL_SUFFIX, cost);
  }

  /** Names of the endpoints {@link #apply} returns. */
  public List<String> endpointNames() {
    List<String> names = new ArrayList<>();
    names.add("stem");
    spec.stages().forEach(st -> names.add(st.name()));
    if (localStage != null) {
      names.add(spec.stages().get(spec.stages().size() - 1).name() + LOCAL_SUFFIX);
    }
    return names;
  }

  private static List<Long> dims(int[] thw) {
    return List.of(1L, (long) thw[0], (long) thw[1], (long) thw[2], 1L);
  }
}
