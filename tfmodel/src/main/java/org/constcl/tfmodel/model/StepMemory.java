package org.constcl.tfmodel.model;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.AllocatorMemoryUsed;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * What one training step of a model needs on one device, from the graph's tensor sizes (the graph
 * is built, not run): the variables with their gradients, and per clip the forward tensors that the
 * backward pass reads — the activations a step keeps alive between its forward and backward pass.
 * Temporary buffers of single ops (convolution workspaces) are not in it; {@link LayoutPlan}
 * keeps a reserve for them.
 *
 * @param stateBytes every variable (weights, momentum slots, batch-norm statistics) plus one
 *     gradient per trainable weight, float32
 * @param activationBytesPerClip forward tensors read by the backward pass, per clip (two views)
 * @param forwardFlopsPerClip convolution FLOPs of a forward pass, per clip
 */
public record StepMemory(long stateBytes, long activationBytesPerClip, long forwardFlopsPerClip) {
  private static final int PROBE_CLIPS = 2;

  /** Measures {@code config}'s geometry on a graph of {@value #PROBE_CLIPS} clips on one device. */
  public static StepMemory of(ModelConfig config) {
    ModelConfig probe = config.toBuilder().clipsPerBatch(PROBE_CLIPS).distribution(
        new Distribution(1, 1, true, "cpu", config.distribution().precision())).build();
    try (ConstclModel m = ConstclModel.build(probe)) {
      long state = 0;
      for (long[] shape : m.variables().shapes().values()) {
        state += 4 * elements(shape);
      }
      for (String name : m.variables().trainableNames()) {
        state += 4 * elements(m.variables().shapes().get(name));
      }
      return new StepMemory(state, keptForBackward(m) / PROBE_CLIPS, m.forwardConvFlops() / PROBE_CLIPS);
    }
  }

  /**
   * What TensorFlow's allocators report for a real forward and backward pass of {@code model} on
   * {@code batch} (every trainable weight's gradient, traced with {@code FULL_TRACE}): the largest
   * peak or bytes in use any op saw. The measurement the estimate is checked against.
   */
  public static long measuredPeakBytes(ConstclModel model, TrainingBatch batch) {
    List<String> names = model.variables().trainableNames();
    Output<?>[] xs = new Output<?>[names.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = model.variables().variable(names.get(i)).asOutput();
    }
    Output<?>[] gradients = model.graph().addGradients(model.objective().asOutput(), xs);
    try (TUint8 c = TUint8.tensorOf(model.clipsInput().shape(), DataBuffers.of(batch.clips(), true, false));
        TFloat32 b = TFloat32.tensorOf(model.boxesInput().shape(), t -> t.asRawTensor().data().asFloats().write(batch.boxes()));
        TFloat32 k = TFloat32.tensorOf(model.masksInput().shape(), t -> t.asRawTensor().data().asFloats().write(batch.masks()))) {
      Session.Runner runner = model.session().runner().feed(model.clipsInput(), c).feed(model.boxesInput(), b)
          .feed(model.masksInput(), k)
          .setOptions(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build());
      for (Output<?> g : gradients) {
        runner.fetch(g);
      }
      try (Result r = runner.runAndFetchMetadata()) {
        long peak = 0;
        for (DeviceStepStats d : r.getMetadata().orElseThrow().getStepStats().getDevStatsList()) {
          for (NodeExecStats n : d.getNodeStatsList()) {
            for (AllocatorMemoryUsed a : n.getMemoryList()) {
              peak = Math.max(peak, Math.max(a.getPeakBytes(), a.getAllocatorBytesInUse()));
            }
          }
        }
        return peak;
      }
    }
  }

  /**
   * Bytes of the forward outputs that gradient ops take as inputs (each output once), leaving
   * out variables, constants and the fed batch.
   */
  private static long keptForBackward(ConstclModel m) {
    Set<String> counted = new HashSet<>();
    long bytes = 0;
    for (Iterator<GraphOperation> it = m.graph().operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      if (!op.name().startsWith("gradients")) {
        continue;
      }
      for (Operand<?> input : op.inputs()) {
        Output<?> out = input.asOutput();
        GraphOperation producer = (GraphOperation) out.op();
        if (producer.name().startsWith("gradients") || isState(producer.type())
            || !counted.add(producer.name() + ":" + out.index())) {
          continue;
        }
        long[] shape = out.shape().asArray();
        if (shape == null || java.util.Arrays.stream(shape).anyMatch(d -> d < 0)) {
          continue; // unknown shapes are shape vectors and indices here, not activations
        }
        bytes += elements(shape) * byteSize(out);
      }
    }
    return bytes;
  }

  private static boolean isState(String type) {
    return type.startsWith("Variable") || type.equals("VarHandleOp") || type.equals("Const") || type.equals("Placeholder");
  }

  static int byteSize(Output<?> out) {
    return switch (out.dataType()) {
      case DT_DOUBLE, DT_INT64 -> 8;
      case DT_HALF, DT_BFLOAT16, DT_INT16, DT_UINT16 -> 2;
      case DT_UINT8, DT_INT8, DT_BOOL -> 1;
      default -> 4;
    };
  }

  private static long elements(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }
}
