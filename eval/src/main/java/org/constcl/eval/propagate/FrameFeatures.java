package org.constcl.eval.propagate;

import java.util.List;
import java.util.Map;
import org.constcl.eval.model.DownstreamGraph;
import org.constcl.tfmodel.backbone.R3dBackbone;
import org.constcl.tfmodel.backbone.R3dSpec;
import org.constcl.tfmodel.head.InstanceReconstructor;
import org.constcl.tfmodel.model.ConstclModel;
import org.constcl.tfmodel.nn.CheckpointVariables;
import org.constcl.tfmodel.nn.Mode;
import org.constcl.tfmodel.nn.VariableStore;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * A frozen backbone as a dense per-frame feature extractor: each frame is the centre of a short
 * clip of its neighbours ({@code frames} frames, {@code frameStride} apart), the clip runs through
 * the backbone with moving statistics up to one endpoint, and the centre time step's map, L2
 * normalised per location, is the frame's feature. res4 and res5 (and the local branch res5_1) run
 * at stride 1 with dilation 2 and 4, as the tracker's backbone does, so every endpoint from res3
 * on has 1/8 of the input's resolution. Also computes the dot products label propagation needs.
 * Owns its graph and session; close it.
 */
public final class FrameFeatures extends DownstreamGraph implements LabelPropagation.Similarity {
  /** Endpoints a probe may read. */
  public static final List<String> LAYERS = List.of("res2", "res3", "res4", "res5", "res5_1");

  private final String layer;
  private final int frames;
  private final int height;
  private final int width;
  private final Placeholder<TUint8> clips;
  private final Operand<TFloat32> features;
  private final Placeholder<TFloat32> targets;
  private final Placeholder<TFloat32> context;
  private final Operand<TFloat32> products;

  private FrameFeatures(String backbone, String layer, int frames, int height, int width, long seed, int threads) {
    if (!LAYERS.contains(layer)) {
      throw new IllegalArgumentException("layer must be one of " + String.join(", ", LAYERS) + ", not " + layer);
    }
    if (frames < 1) {
      throw new IllegalArgumentException("frames must be at least 1");
    }
    this.layer = layer;
    this.frames = frames;
    this.height = height;
    this.width = width;
    try {
      Ops tf = Ops.create(graph);
      VariableStore vars = new VariableStore(tf, seed);
      R3dSpec spec = R3dSpec.named(backbone).dilated(Map.of("res4", 2, "res5", 4));
      R3dBackbone net = new R3dBackbone(vars, spec, 0.9f, 1e-5f, layer.endsWith(R3dBackbone.LOCAL_SUFFIX));
      clips = tf.withName("clips").placeholder(TUint8.class, Placeholder.shape(Shape.of(-1, frames, height, width, 3)));
      Operand<TFloat32> map = net.apply(ConstclModel.toUnitRange(tf, clips), Mode.inference(), layer).maps().get(layer);
      long steps = map.shape().size(1);
      // The centre time step: the frame the clip is built around.
      Operand<TFloat32> centre = tf.squeeze(tf.slice(map, tf.constant(new int[] {0, (int) (steps / 2), 0, 0, 0}),
          tf.constant(new int[] {-1, 1, -1, -1, -1})), org.tensorflow.op.core.Squeeze.axis(List.of(1L)));
      features = InstanceReconstructor.l2Normalize(tf, centre);
      targets = tf.withName("targets").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1)));
      context = tf.withName("context").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1)));
      products = tf.linalg.matMul(targets, context, MatMul.transposeB(true));
      open(new CheckpointVariables(tf, vars, name -> name.startsWith(R3dBackbone.SCOPE + "/"), backbone + " backbone"),
          threads);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /**
   * Builds the extractor; call {@link #initialize()}, then load a backbone or keep the random init.
   *
   * @param backbone backbone spec name
   * @param layer the endpoint to read ({@link #LAYERS})
   * @param frames frames per clip
   * @param height frame height (the graph's shapes are static)
   * @param width frame width
   */
  public static FrameFeatures build(String backbone, String layer, int frames, int height, int width, long seed,
      int threads) {
    return new FrameFeatures(backbone, layer, frames, height, width, seed, threads);
  }

  public String layer() {
    return layer;
  }

  public int frames() {
    return frames;
  }

  /** A frame's feature map: [h·w, c] row-major, rows of unit length. */
  public record FeatureMap(int height, int width, int channels, float[] values) {}

  /**
   * Features of {@code n} clips of uint8 RGB frames [n, frames, height, width, 3].
   */
  public FeatureMap[] extract(byte[] clipFrames, int n) {
    long expected = (long) n * frames * height * width * 3;
    if (clipFrames.length != expected) {
      throw new IllegalArgumentException("clips hold " + clipFrames.length + " bytes, not " + expected);
    }
    try (TUint8 c = TUint8.tensorOf(Shape.of(n, frames, height, width, 3), DataBuffers.of(clipFrames, true, false));
        Result r = session().runner().feed(clips, c).fetch(features).run()) {
      TFloat32 out = (TFloat32) r.get(0);
      int h = (int) out.shape().size(1);
      int w = (int) out.shape().size(2);
      int ch = (int) out.shape().size(3);
      float[] all = floats(out);
      FeatureMap[] maps = new FeatureMap[n];
      int size = h * w * ch;
      for (int i = 0; i < n; i++) {
        float[] v = new float[size];
        System.arraycopy(all, i * size, v, 0, size);
        maps[i] = new FeatureMap(h, w, ch, v);
      }
      return maps;
    }
  }

  @Override
  public float[] products(float[] targetRows, int q, float[] contextRows, int m, int c) {
    try (TFloat32 a = TFloat32.tensorOf(Shape.of(q, c), DataBuffers.of(targetRows, true, false));
        TFloat32 b = TFloat32.tensorOf(Shape.of(m, c), DataBuffers.of(contextRows, true, false));
        Result r = session().runner().feed(targets, a).feed(context, b).fetch(products).run()) {
      return floats((TFloat32) r.get(0));
    }
  }
}
