package org.constcl.tfmodel.head;

import java.util.ArrayList;
import java.util.List;
import org.constcl.tfmodel.nn.BatchNorm;
import org.constcl.tfmodel.nn.Dense;
import org.constcl.tfmodel.nn.Mode;
import org.constcl.tfmodel.nn.VariableStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The global projection head (reference §3.6): hidden layers of [Dense (no bias) → BN → ReLU],
 * then a linear Dense with bias. Its input, the pooled global feature, is not normalised; the
 * global loss normalises the output. Variables live under {@code global_head/}.
 */
public final class GlobalMlpHead {
  public static final String SCOPE = "global_head";

  private final VariableStore vars;
  private final List<Dense> hidden = new ArrayList<>();
  private final List<BatchNorm> norms = new ArrayList<>();
  private final Dense output;

  public GlobalMlpHead(VariableStore vars, long in, int hiddenLayers, long hiddenWidth, long out, float bnMomentum, float bnEpsilon) {
    this.vars = vars;
    long width = in;
    for (int i = 0; i < hiddenLayers; i++) {
      hidden.add(new Dense(vars, SCOPE + "/hidden" + i, width, hiddenWidth, false));
      norms.add(new BatchNorm(vars, SCOPE + "/bn" + i, hiddenWidth, bnMomentum, bnEpsilon));
      width = hiddenWidth;
    }
    output = new Dense(vars, SCOPE + "/output", width, out, true);
  }

  /** [N, in] → [N, out]. */
  public Operand<TFloat32> apply(Operand<TFloat32> pooled, Mode mode) {
    Ops tf = vars.ops();
    Operand<TFloat32> h = pooled;
    for (int i = 0; i < hidden.size(); i++) {
      h = tf.nn.relu(norms.get(i).apply(hidden.get(i).apply(h), mode));
    }
    return output.apply(h);
  }
}
