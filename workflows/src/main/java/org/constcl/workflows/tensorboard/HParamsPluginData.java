package org.constcl.workflows.tensorboard;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.ListValue;
import com.google.protobuf.Value;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.Summary;
import org.tensorflow.proto.SummaryMetadata;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The summaries TensorBoard's HParams plugin reads ({@code tensorboard/plugins/hparams/plugin_data.proto}
 * and {@code api.proto}, plugin data version 0): an experiment (hyper-parameter and metric
 * declarations) and, per session, its start (hyper-parameter values) and end (status). TensorFlow
 * Java has no classes for these TensorBoard messages, so their few fields are encoded here with
 * protobuf's own {@link CodedOutputStream}, field numbers as in those files; the values use
 * protobuf's {@link Value}, the summaries TensorFlow's {@link Summary} protos.
 */
public final class HParamsPluginData {
  public static final String PLUGIN = "hparams";
  public static final String EXPERIMENT_TAG = "_hparams_/experiment";
  public static final String SESSION_START_TAG = "_hparams_/session_start_info";
  public static final String SESSION_END_TAG = "_hparams_/session_end_info";

  /** api.proto's DataType. */
  public enum Type { UNSET, STRING, BOOL, FLOAT64 }

  /** api.proto's Status. */
  public enum Status { UNKNOWN, SUCCESS, FAILURE, RUNNING }

  /** A hyper-parameter declaration: its name, type and the values the grid gives it. */
  public record HParam(String name, String description, Type type, List<Value> values) {}

  /** A metric declaration: the scalar tag a session logs it under. */
  public record Metric(String tag, String displayName, String description) {}

  private HParamsPluginData() {}

  public static Summary experiment(String name, String description, double createdSecs, List<HParam> hparams, List<Metric> metrics) {
    byte[] experiment = message(out -> {
      out.writeString(1, description);
      out.writeDouble(3, createdSecs);
      for (HParam h : hparams) {
        out.writeByteArray(4, message(o -> {
          o.writeString(1, h.name());
          o.writeString(3, h.description());
          o.writeEnum(4, h.type().ordinal());
          o.writeMessage(5, ListValue.newBuilder().addAllValues(h.values()).build());
        }));
      }
      for (Metric m : metrics) {
        out.writeByteArray(5, message(o -> {
          o.writeByteArray(1, message(n -> n.writeString(2, m.tag())));
          o.writeString(3, m.displayName());
          o.writeString(4, m.description());
        }));
      }
      out.writeString(6, name);
    });
    return summary(EXPERIMENT_TAG, 2, experiment);
  }

  public static Summary sessionStart(Map<String, Value> hparams, String groupName, double startSecs) {
    byte[] start = message(out -> {
      for (Map.Entry<String, Value> e : hparams.entrySet()) {
        // A map field is a repeated entry message {key = 1, value = 2}.
        out.writeByteArray(1, message(o -> {
          o.writeString(1, e.getKey());
          o.writeMessage(2, e.getValue());
        }));
      }
      out.writeString(4, groupName);
      out.writeDouble(5, startSecs);
    });
    return summary(SESSION_START_TAG, 3, start);
  }

  public static Summary sessionEnd(Status status, double endSecs) {
    byte[] end = message(out -> {
      out.writeEnum(1, status.ordinal());
      out.writeDouble(2, endSecs);
    });
    return summary(SESSION_END_TAG, 4, end);
  }

  /** HParamsPluginData {version = 1: 0, data (oneof) = field}, as one summary value with an empty float tensor. */
  private static Summary summary(String tag, int field, byte[] data) {
    byte[] content = message(out -> {
      out.writeInt32(1, 0);
      out.writeByteArray(field, data);
    });
    SummaryMetadata meta = SummaryMetadata.newBuilder()
        .setPluginData(SummaryMetadata.PluginData.newBuilder().setPluginName(PLUGIN).setContent(ByteString.copyFrom(content)))
        .build();
    TensorProto empty = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT)
        .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(0))).build();
    return Summary.newBuilder().addValue(Summary.Value.newBuilder().setTag(tag).setMetadata(meta).setTensor(empty)).build();
  }

  private interface Fields {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] message(Fields fields) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      fields.write(out);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
