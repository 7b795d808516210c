package org.constcl.tfmodel.head;

import java.util.List;
import org.constcl.tfmodel.nn.Activations;
import org.constcl.tfmodel.nn.Dense;
import org.constcl.tfmodel.nn.LayerNorm;
import org.constcl.tfmodel.nn.Mode;
import org.constcl.tfmodel.nn.VariableStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * One "head" of the ConST-CL decoder (reference §3.4), a full-width single-head cross-attention
 * unit: Q = Dense(query), K, V = Dense(memory); A = softmax(Q Kᵀ / sqrt(width)); H = LayerNorm(A V +
 * Q) — the residual is the projected query; then Dense(width, GELU) and Dense(width), without
 * residual or normalisation after the feed-forward.
 */
final class AttentionUnit {
  private final VariableStore vars;
  private final Dense query;
  private final Dense key;
  private final Dense value;
  private final LayerNorm norm;
  private final Dense ffn1;
  private final Dense ffn2;
  private final long width;
  private final float dropoutRate;
  private final long seed;

  AttentionUnit(VariableStore vars, String name, long queryDim, long memoryDim, long width, float lnEpsilon,
      float dropoutRate, long seed) {
    this.vars = vars;
    this.width = width;
    this.dropoutRate = dropoutRate;
    this.seed = seed;
    query = new Dense(vars, name + "/query", queryDim, width, true);
    key = new Dense(vars, name + "/key", memoryDim, width, true);
    value = new Dense(vars, name + "/value", memoryDim, width, true);
    norm = new LayerNorm(vars, name + "/layer_norm", width, lnEpsilon);
    ffn1 = new Dense(vars, name + "/ffn1", width, width, true);
    ffn2 = new Dense(vars, name + "/ffn2", width, width, true);
  }

  /**
   * @param queries [B, N, queryDim]
   * @param memory [B, M, memoryDim]
   * @param attentionSink receives A [B, N, M] when not null (attention maps)
   * @return [B, N, width]
   */
  Operand<TFloat32> apply(Operand<TFloat32> queries, Operand<TFloat32> memory, Mode mode, List<Operand<TFloat32>> attentionSink) {
    Ops tf = vars.ops();
    Operand<TFloat32> q = query.apply(queries);
    Operand<TFloat32> k = key.apply(memory);
    Operand<TFloat32> v = value.apply(memory);
    Operand<TFloat32> scores =
        tf.math.mul(tf.linalg.einsum(List.of(q, k), "bnd,bmd->bnm"), tf.constant((float) (1 / Math.sqrt(width))));
    Operand<TFloat32> attention = tf.nn.softmax(scores);
    if (attentionSink != null) {
      attentionSink.add(attention);
    }
    Operand<TFloat32> attended = tf.linalg.einsum(List.of(attention, v), "bnm,bmd->bnd");
    attended = Activations.dropout(tf, attended, dropoutRate, mode, seed);
    Operand<TFloat32> h = norm.apply(tf.math.add(attended, q));
    return ffn2.apply(Activations.gelu(tf, ffn1.apply(h)));
  }
}
