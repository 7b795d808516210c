package org.constcl.tfmodel.head;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * What the instance reconstructor produces for a batch of B clips (2B views).
 *
 * @param instA region features of view a, [B, N, C] (not normalised by the head)
 * @param instB region features of view b
 * @param instA2b view a's regions translated into view b, [B, N, out]
 * @param instB2a view b's regions translated into view a
 * @param masksA validity of view a's boxes, [B, N]
 * @param masksB validity of view b's boxes
 * @param attentionA2b attention maps of the a→b pass, one [B, N, M] per unit and layer
 */
public record ReconstructorOutputs(
    Operand<TFloat32> instA, Operand<TFloat32> instB, Operand<TFloat32> instA2b, Operand<TFloat32> instB2a,
    Operand<TFloat32> masksA, Operand<TFloat32> masksB, List<Operand<TFloat32>> attentionA2b) {}
