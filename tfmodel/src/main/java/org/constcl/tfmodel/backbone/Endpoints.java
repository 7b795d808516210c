package org.constcl.tfmodel.backbone;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Feature maps of a backbone pass, by endpoint name: {@code stem}, each stage ({@code res2} …
 * {@code res5}) and the local branch ({@code res5_1}). The global branch is the last stage.
 *
 * @param maps the feature maps [N, T', H', W', C] in order
 * @param global name of the global branch's endpoint
 * @param local name of the local branch's endpoint, or null for a backbone built without it
 * @param cost convolution cost of the pass
 */
public record Endpoints(Map<String, Operand<TFloat32>> maps, String global, String local, ConvCost cost) {
  public Operand<TFloat32> globalMap() {
    return maps.get(global);
  }

  public Operand<TFloat32> localMap() {
    return maps.get(local);
  }
}
