package org.constcl.tfmodel.head;

import java.util.ArrayList;
import java.util.List;
import org.constcl.tfmodel.nn.Dense;
import org.constcl.tfmodel.nn.Mode;
import org.constcl.tfmodel.nn.VariableStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Split;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The head g(·,·) of ConST-CL (reference §2–3): region features are ROIAligned from the keyframe
 * of the L2-normalised local feature map; the context memory is the {@code contextLevel} time steps
 * centred on the keyframe, each cell's feature concatenated (not added) with temporal and spatial
 * positional MLP outputs of its centred coordinates; the decoder translates view a's regions using
 * view b's memory and vice versa, with one set of weights, followed by one output projection.
 * Variables live under {@code reconstructor/}.
 */
public final class InstanceReconstructor {
  public static final String SCOPE = "reconstructor";
  private static final int POSITION_WIDTH = 8;

  private final VariableStore vars;
  private final ReconstructorConfig config;
  private final long channels;
  private final Dense temporal1;
  private final Dense temporal2;
  private final Dense spatial1;
  private final Dense spatial2;
  private final TransformerDecoder decoder;
  private final Dense projection;

  /**
   * @param channels channels of the local feature map (the region feature width)
   * @param outChannels width of the translated regions (equals {@code channels} for the loss)
   */
  public InstanceReconstructor(VariableStore vars, ReconstructorConfig config, long channels, long outChannels, long seed) {
    this.vars = vars;
    this.config = config;
    this.channels = channels;
    temporal1 = new Dense(vars, SCOPE + "/temporal_mlp/dense0", 1, 4, true);
    temporal2 = new Dense(vars, SCOPE + "/temporal_mlp/dense1", 4, POSITION_WIDTH, true);
    spatial1 = new Dense(vars, SCOPE + "/spatial_mlp/dense0", 2, 4, true);
    spatial2 = new Dense(vars, SCOPE + "/spatial_mlp/dense1", 4, POSITION_WIDTH, true);
    decoder = new TransformerDecoder(vars, SCOPE + "/decoder", config.layers(), config.units(), config.width(),
        channels, channels + 2 * POSITION_WIDTH, config.layerNormEpsilon(), config.dropoutRate(), seed);
    projection = new Dense(vars, SCOPE + "/projection", (long) config.units() * config.width(), outChannels, true);
  }

  /**
   * @param localMap the local branch's map [2B, T', H', W', C] (views a then b, same clip order)
   * @param boxes keyframe boxes [2B, N, 4], normalised to the view
   * @param masks box validity [2B, N] (1 or 0)
   */
  public ReconstructorOutputs apply(Operand<TFloat32> localMap, Operand<TFloat32> boxes, Operand<TFloat32> masks, Mode mode) {
    Ops tf = vars.ops();
    long views = localMap.shape().size(0);
    if (views < 2 || views % 2 != 0) {
      throw new IllegalArgumentException("the batch must hold two views per clip with a static size, got " + localMap.shape());
    }
    int frames = (int) localMap.shape().size(1);
    int keyframe = frames / 2;
    Operand<TFloat32> normalized = l2Normalize(tf, localMap);
    Operand<TFloat32> keyMap = tf.squeeze(tf.gather(normalized, tf.constant(new int[] {keyframe}), tf.constant(1)),
        org.tensorflow.op.core.Squeeze.axis(List.of(1L)));
    Operand<TFloat32> regions = RoiAlign.pool(tf, keyMap, boxes, config.cropSize(), config.sampleOffset());
    Operand<TFloat32> memory = contextMemory(tf, normalized, frames);

    List<Operand<TFloat32>> regionHalves = halves(tf, regions);
    List<Operand<TFloat32>> memoryHalves = halves(tf, memory);
    List<Operand<TFloat32>> maskHalves = halves(tf, masks);
    List<Operand<TFloat32>> attention = new ArrayList<>();
    Operand<TFloat32> a2b = projection.apply(decoder.apply(regionHalves.get(0), memoryHalves.get(1), mode, attention));
    Operand<TFloat32> b2a = projection.apply(decoder.apply(regionHalves.get(1), memoryHalves.get(0), mode, null));
    return new ReconstructorOutputs(regionHalves.get(0), regionHalves.get(1), a2b, b2a, maskHalves.get(0),
        maskHalves.get(1), attention);
  }

  /** The memory [2B, L·H'·W', C + 16]: time steps keyframe + s·(j − L/2), s = T' / L. */
  private Operand<TFloat32> contextMemory(Ops tf, Operand<TFloat32> normalized, int frames) {
    int level = config.contextLevel();
    int[] steps = contextSteps(frames, level);
    Operand<TFloat32> context = tf.gather(normalized, tf.constant(steps), tf.constant(1)); // [2B, L, H', W', C]
    long h = normalized.shape().size(2);
    long w = normalized.shape().size(3);
    float[][][][] t = new float[level][(int) h][(int) w][1];
    float[][][][] yx = new float[level][(int) h][(int) w][2];
    for (int i = 0; i < level; i++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          // Integer coordinates minus their mean over all cells.
          t[i][y][x][0] = i - (level - 1) / 2f;
          yx[i][y][x][0] = y - (h - 1) / 2f;
          yx[i][y][x][1] = x - (w - 1) / 2f;
        }
      }
    }
    Operand<TFloat32> temporal = temporal2.apply(tf.nn.relu(temporal1.apply(tf.constant(t))));
    Operand<TFloat32> spatial = spatial2.apply(tf.nn.relu(spatial1.apply(tf.constant(yx))));
    Operand<TFloat32> positions = tf.expandDims(tf.concat(List.of(temporal, spatial), tf.constant(-1)), tf.constant(0));
    Operand<TInt32> views = tf.slice(tf.shape(context), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
    Operand<TFloat32> tiled = tf.tile(positions, tf.concat(List.of(views, tf.constant(new int[] {1, 1, 1, 1})), tf.constant(0)));
    Operand<TFloat32> withPositions = tf.concat(List.of(context, tiled), tf.constant(-1));
    return tf.reshape(withPositions, tf.constant(new long[] {-1, level * h * w, channels + 2 * POSITION_WIDTH}));
  }

  /** The feature time steps of the context memory: keyframe T'/2 + s·(j − L/2), s = T' / L. */
  public static int[] contextSteps(int frames, int level) {
    int keyframe = frames / 2;
    int stride = frames / level;
    int[] steps = new int[level];
    for (int j = 0; j < level; j++) {
      steps[j] = keyframe + stride * (j - level / 2);
      if (stride == 0 || steps[j] < 0 || steps[j] >= frames) {
        throw new IllegalArgumentException("a context of " + level + " time steps does not fit a feature map with "
            + frames + " time steps");
      }
    }
    return steps;
  }

  /** x / sqrt(max(sum(x²), 1e-12)) over the last axis (tf.math.l2_normalize). */
  public static Operand<TFloat32> l2Normalize(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> squares = tf.sum(tf.math.square(x), tf.constant(-1), Sum.keepDims(true));
    return tf.math.mul(x, tf.math.rsqrt(tf.math.maximum(squares, tf.constant(1e-12f))));
  }

  private static List<Operand<TFloat32>> halves(Ops tf, Operand<TFloat32> x) {
    Split<TFloat32> split = tf.split(tf.constant(0), x, 2L);
    return List.of(split.output().get(0), split.output().get(1));
  }
}
