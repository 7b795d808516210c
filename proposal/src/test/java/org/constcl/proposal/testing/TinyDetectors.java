package org.constcl.proposal.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * Real detector models small enough to write in a test: a TensorFlow SavedModel in the Object
 * Detection API layout and an ONNX graph with an SSD DetectionOutput, both reporting two fixed
 * boxes whose first score is the frame's mean brightness (so thresholds can be exercised), and
 * models whose outputs no detector layout explains.
 *
 * <p>Both report: box A {@code [ymin 0.1, xmin 0.2, ymax 0.4, xmax 0.8]}, class 1, score = mean
 * pixel / 255; box B {@code [0.5, 0.5, 0.9, 0.9]}, class 3, score 0.9.
 */
public final class TinyDetectors {
  public static final float[] BOX_A = {0.1f, 0.2f, 0.4f, 0.8f};
  public static final float[] BOX_B = {0.5f, 0.5f, 0.9f, 0.9f};

  private TinyDetectors() {}

  /** A SavedModel: uint8 {@code input_tensor [1, H, W, 3]} to detection_* outputs. */
  public static Path savedModel(Path dir, boolean withDetectionOutputs) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TUint8> images = tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(1, -1, -1, 3)));
      Operand<TFloat32> mean = tf.math.div(
          tf.math.mean(tf.dtypes.cast(images, TFloat32.class), tf.constant(new int[] {0, 1, 2, 3})),
          tf.constant(255f));
      Operand<TFloat32> scores = tf.reshape(
          tf.concat(List.of(tf.reshape(mean, tf.constant(new int[] {1})), tf.constant(new float[] {0.9f})), tf.constant(0)),
          tf.constant(new int[] {1, 2}));
      Operand<TFloat32> boxes = tf.constant(new float[][][] {{BOX_A, BOX_B}});
      Operand<TFloat32> classes = tf.constant(new float[][] {{1f, 3f}});
      Operand<TFloat32> count = tf.constant(new float[] {2f});
      Signature.Builder sig = Signature.builder().key("serving_default").input("input_tensor", images);
      if (withDetectionOutputs) {
        sig.output("detection_boxes", boxes).output("detection_scores", scores)
            .output("detection_classes", classes).output("num_detections", count);
      } else {
        sig.output("logits", scores);
      }
      SavedModelBundle.exporter(dir.toString()).withSession(s).withSignatures(sig.build()).export();
      return dir;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * An ONNX model (opset 13): float {@code image [1, 3, H, W]} to {@code detection_out
   * [1, 1, 2, 7]} rows {@code [image, class, score, xmin, ymin, xmax, ymax]}; or, when
   * {@code detectionOutput} is false, to a {@code [1, 1, 2, 5]} output no layout explains.
   */
  public static Path onnx(Path file, boolean detectionOutput) throws IOException {
    int cols = detectionOutput ? 7 : 5;
    float[] mask = new float[2 * cols];
    mask[2] = 1f; // score column of row 0
    float[] base = detectionOutput
        ? new float[] {0, 1, 0, BOX_A[1], BOX_A[0], BOX_A[3], BOX_A[2], 0, 3, 0.9f, BOX_B[1], BOX_B[0], BOX_B[3], BOX_B[2]}
        : new float[] {0, 1, 0, 0.5f, 0.5f, 0, 3, 0.9f, 0.5f, 0.5f};
    long[] dims = {1, 1, 2, cols};
    byte[] graph = concat(
        field(1, node(List.of("image"), "mean", "ReduceMean", attrInts("axes", new long[] {1, 2, 3}))),
        field(1, node(List.of("mean", "mask"), "scaled", "Mul", null)),
        field(1, node(List.of("scaled", "base"), "detection_out", "Add", null)),
        string(2, "tiny_detector"),
        field(5, tensor("mask", dims, mask)),
        field(5, tensor("base", dims, base)),
        field(11, valueInfo("image", new Object[] {1L, 3L, "height", "width"})),
        field(12, valueInfo("detection_out", new Object[] {1L, 1L, 2L, (long) cols})));
    byte[] model = concat(
        varint(1, 7),                                        // ir_version
        string(2, "constcl-test"),                           // producer_name
        field(7, graph),
        field(8, concat(string(1, ""), varint(2, 13))));     // opset_import
    return Files.write(file, model);
  }

  private static byte[] node(List<String> inputs, String output, String op, byte[] attribute) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (String in : inputs) {
      b.writeBytes(string(1, in));
    }
    b.writeBytes(string(2, output));
    b.writeBytes(string(3, output + "_node"));
    b.writeBytes(string(4, op));
    if (attribute != null) {
      b.writeBytes(field(5, attribute));
    }
    return b.toByteArray();
  }

  private static byte[] attrInts(String name, long[] values) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(string(1, name));
    for (long v : values) {
      b.writeBytes(varint(8, v));
    }
    b.writeBytes(varint(20, 7)); // AttributeType INTS
    return b.toByteArray();
  }

  private static byte[] tensor(String name, long[] dims, float[] values) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (long d : dims) {
      b.writeBytes(varint(1, d));
    }
    b.writeBytes(varint(2, 1)); // FLOAT
    b.writeBytes(string(8, name));
    ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      raw.putFloat(v);
    }
    b.writeBytes(field(9, raw.array()));
    return b.toByteArray();
  }

  private static byte[] valueInfo(String name, Object[] dims) {
    ByteArrayOutputStream shape = new ByteArrayOutputStream();
    for (Object d : dims) {
      shape.writeBytes(field(1, d instanceof Long l ? varint(1, l) : string(2, (String) d)));
    }
    byte[] tensorType = concat(varint(1, 1), field(2, shape.toByteArray()));
    return concat(string(1, name), field(2, field(1, tensorType)));
  }

  private static byte[] varint(int field, long value) {
    return encode(out -> out.writeInt64(field, value));
  }

  private static byte[] string(int field, String value) {
    return encode(out -> out.writeString(field, value));
  }

  private static byte[] field(int field, byte[] message) {
    return encode(out -> out.writeBytes(field, ByteString.copyFrom(message)));
  }

  private interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] encode(Writer w) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      w.write(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }
}
