package org.constcl.tfmodel.head;

import java.util.ArrayList;
import java.util.List;
import org.constcl.tfmodel.nn.Mode;
import org.constcl.tfmodel.nn.VariableStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The ConST-CL decoder (reference §3.4): layers of independent attention units run on the same
 * query and memory, their outputs concatenated (3 × 128 = 384 wide); the next layer's query is that
 * concatenation. No self-attention among queries, no per-layer projection, no final norm.
 */
public final class TransformerDecoder {
  private final VariableStore vars;
  private final List<List<AttentionUnit>> layers = new ArrayList<>();

  public TransformerDecoder(VariableStore vars, String name, int numLayers, int unitsPerLayer, long width, long queryDim,
      long memoryDim, float lnEpsilon, float dropoutRate, long seed) {
    this.vars = vars;
    long in = queryDim;
    for (int l = 0; l < numLayers; l++) {
      List<AttentionUnit> units = new ArrayList<>();
      for (int u = 0; u < unitsPerLayer; u++) {
        units.add(new AttentionUnit(vars, name + "/layer" + l + "/unit" + u, in, memoryDim, width, lnEpsilon,
            dropoutRate, seed + 31L * l + u));
      }
      layers.add(units);
      in = unitsPerLayer * width;
    }
  }

  /** [B, N, queryDim] and [B, M, memoryDim] → [B, N, units × width]. */
  public Operand<TFloat32> apply(Operand<TFloat32> queries, Operand<TFloat32> memory, Mode mode, List<Operand<TFloat32>> attentionSink) {
    Ops tf = vars.ops();
    Operand<TFloat32> h = queries;
    for (List<AttentionUnit> units : layers) {
      List<Operand<TFloat32>> outs = new ArrayList<>();
      for (AttentionUnit unit : units) {
        outs.add(unit.apply(h, memory, mode, attentionSink));
      }
      h = tf.concat(outs, tf.constant(-1));
    }
    return h;
  }
}
