package org.constcl.tfmodel.backbone;

import java.util.List;
import java.util.Map;

/**
 * A 3-D ResNet with bottleneck blocks, as the ConST-CL recipe configures it: a stem conv with a
 * max-pool, then stages whose first block may stride, and a copy of the last stage as an
 * independent local branch ({@code res5_1}).
 *
 * @param name spec name
 * @param stemChannels output channels of the stem conv
 * @param stemKernel stem kernel (t, h, w)
 * @param stemStrides stem strides (t, h, w)
 * @param poolKernel stem max-pool window (t, h, w)
 * @param poolStrides stem max-pool strides (t, h, w)
 * @param stages the residual stages in order
 */
public record R3dSpec(
    String name,
    int stemChannels,
    int[] stemKernel,
    int[] stemStrides,
    int[] poolKernel,
    int[] poolStrides,
    List<Stage> stages) {

  /**
   * One residual stage.
   *
   * @param name stage name ({@code res2} …)
   * @param width bottleneck width f (the stage outputs 4f channels)
   * @param temporalKernels temporal kernel of each block's first conv; its length is the block count
   * @param temporalStride temporal stride of the first block
   * @param spatialStride spatial stride of the first block
   * @param dilation spatial dilation of the first block's 1×3×3 conv (1: none)
   */
  public record Stage(String name, int width, int[] temporalKernels, int temporalStride, int spatialStride, int dilation) {
    public Stage(String name, int width, int[] temporalKernels, int temporalStride, int spatialStride) {
      this(name, width, temporalKernels, temporalStride, spatialStride, 1);
    }

    public int blocks() {
      return temporalKernels.length;
    }

    public int outChannels() {
      return 4 * width;
    }
  }

  /**
   * This spec with the named stages' first block at spatial stride 1 and the given dilation (the
   * tracker's modification: res4 (1, 2), res5 (1, 4) keeps the map at 1/8 of the input). Variable
   * names and shapes are unchanged, so pre-trained weights load as they are.
   */
  public R3dSpec dilated(Map<String, Integer> dilations) {
    List<Stage> out = new java.util.ArrayList<>();
    for (Stage s : stages) {
      Integer d = dilations.get(s.name());
      out.add(d == null ? s : new Stage(s.name(), s.width(), s.temporalKernels(), s.temporalStride(), 1, d));
    }
    if (!stages.stream().map(Stage::name).toList().containsAll(dilations.keySet())) {
      throw new IllegalArgumentException("no stage named " + dilations.keySet() + " in " + name);
    }
    return new R3dSpec(name, stemChannels, stemKernel, stemStrides, poolKernel, poolStrides, List.copyOf(out));
  }

  /** Channels of the last stage (and of its local copy). */
  public int outChannels() {
    return stages.get(stages.size() - 1).outChannels();
  }

  /**
   * The R3D-50 the released ConST-CL recipe trains (reference §1.2): 5×7×7 stem at stride (2,2,2),
   * 1×3×3 max-pool at stride (1,2,2), bottleneck stages [3, 4, 6, 3] with widths 64–512, temporal
   * kernels 1 in res2/res3 and 3 in res4/res5, no self-gating.
   */
  public static R3dSpec r3d50() {
    return new R3dSpec("r3d50", 64, new int[] {5, 7, 7}, new int[] {2, 2, 2}, new int[] {1, 3, 3}, new int[] {1, 2, 2},
        List.of(
            new Stage("res2", 64, new int[] {1, 1, 1}, 1, 1),
            new Stage("res3", 128, new int[] {1, 1, 1, 1}, 1, 2),
            new Stage("res4", 256, new int[] {3, 3, 3, 3, 3, 3}, 1, 2),
            new Stage("res5", 512, new int[] {3, 3, 3}, 1, 2)));
  }

  /**
   * A small R3D for CPU work: the same layout with one bottleneck per stage and widths 16–128
   * (512 output channels). About 1.7 M backbone parameters.
   */
  public static R3dSpec small() {
    return new R3dSpec("small", 16, new int[] {3, 7, 7}, new int[] {2, 2, 2}, new int[] {1, 3, 3}, new int[] {1, 2, 2},
        List.of(
            new Stage("res2", 16, new int[] {1}, 1, 1),
            new Stage("res3", 32, new int[] {1}, 1, 2),
            new Stage("res4", 64, new int[] {3}, 1, 2),
            new Stage("res5", 128, new int[] {3}, 1, 2)));
  }

  /**
   * A tiny R3D for tests: widths 4–32 (128 output channels), one block per stage, a 3×5×5 stem.
   */
  public static R3dSpec tiny() {
    return new R3dSpec("tiny", 8, new int[] {3, 5, 5}, new int[] {2, 2, 2}, new int[] {1, 3, 3}, new int[] {1, 2, 2},
        List.of(
            new Stage("res2", 4, new int[] {1}, 1, 1),
            new Stage("res3", 8, new int[] {1}, 1, 2),
            new Stage("res4", 16, new int[] {3}, 1, 2),
            new Stage("res5", 32, new int[] {3}, 1, 2)));
  }

  private static final Map<String, java.util.function.Supplier<R3dSpec>> NAMED =
      Map.of("r3d50", R3dSpec::r3d50, "small", R3dSpec::small, "tiny", R3dSpec::tiny);

  /** The spec called {@code name}. */
  public static R3dSpec named(String name) {
    java.util.function.Supplier<R3dSpec> s = NAMED.get(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown backbone '" + name + "' (known: " + String.join(", ", new java.util.TreeSet<>(NAMED.keySet())) + ")");
    }
    return s.get();
  }
}
