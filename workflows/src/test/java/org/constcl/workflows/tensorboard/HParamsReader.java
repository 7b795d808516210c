package org.constcl.workflows.tensorboard;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.constcl.tfmodel.trainer.EventFileReader;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * Reads a TensorBoard log folder as TensorBoard would, independently of the code that wrote it:
 * every event file through the TFRecord reader that checks both CRCs, events as TensorFlow's protos,
 * and the HParams plugin's data decoded field by field from the numbers in TensorBoard's
 * {@code plugin_data.proto} and {@code api.proto} (protobuf's {@link UnknownFieldSet}, no generated
 * or shared classes).
 */
public final class HParamsReader {
  /** One run (a folder holding event files): its hyper-parameters, end status and scalars by tag (step, value). */
  public record Run(Map<String, Value> hparams, String groupName, int status, Map<String, List<double[]>> scalars) {}

  /** The experiment: its name, hyper-parameter names with their discrete domains, metric tags. */
  public record Experiment(String name, Map<String, List<Value>> hparams, List<String> metricTags) {}

  public final Experiment experiment;
  public final Map<String, Run> runs = new TreeMap<>();

  public HParamsReader(Path root) throws IOException {
    Experiment exp = null;
    List<Path> dirs;
    try (Stream<Path> s = Files.walk(root)) {
      dirs = s.filter(Files::isDirectory).sorted().toList();
    }
    for (Path d : dirs) {
      Map<String, Value> hp = new LinkedHashMap<>();
      String[] group = {null};
      int[] status = {-1};
      Map<String, List<double[]>> scalars = new LinkedHashMap<>();
      boolean any = false;
      try (Stream<Path> s = Files.list(d)) {
        for (Path f : s.filter(p -> p.getFileName().toString().contains("tfevents")).sorted().toList()) {
          any = true;
          List<Event> events = EventFileReader.read(f);
          if (events.isEmpty() || !events.get(0).getFileVersion().equals("brain.Event:2")) {
            throw new IOException(f + ": no brain.Event:2 header");
          }
          for (Event e : events) {
            for (Summary.Value v : e.getSummary().getValueList()) {
              if (v.getMetadata().getPluginData().getPluginName().equals("hparams")) {
                UnknownFieldSet data = UnknownFieldSet.parseFrom(v.getMetadata().getPluginData().getContent());
                if (data.hasField(2)) {
                  exp = experiment(one(data, 2));
                } else if (data.hasField(3)) {
                  UnknownFieldSet start = UnknownFieldSet.parseFrom(one(data, 3));
                  for (ByteString entry : lengthDelimited(start, 1)) {
                    UnknownFieldSet kv = UnknownFieldSet.parseFrom(entry);
                    hp.put(one(kv, 1).toStringUtf8(), Value.parseFrom(one(kv, 2)));
                  }
                  group[0] = start.hasField(4) ? one(start, 4).toStringUtf8() : "";
                } else if (data.hasField(4)) {
                  UnknownFieldSet end = UnknownFieldSet.parseFrom(one(data, 4));
                  status[0] = end.hasField(1) ? (int) (long) end.getField(1).getVarintList().get(0) : 0;
                }
              } else if (v.getValueCase() == Summary.Value.ValueCase.SIMPLE_VALUE) {
                scalars.computeIfAbsent(v.getTag(), t -> new ArrayList<>()).add(new double[] {e.getStep(), v.getSimpleValue()});
              }
            }
          }
        }
      }
      if (any && !d.equals(root)) {
        runs.put(root.relativize(d).toString(), new Run(hp, group[0], status[0], scalars));
      }
    }
    this.experiment = exp;
  }

  private static Experiment experiment(ByteString bytes) throws InvalidProtocolBufferException {
    UnknownFieldSet e = UnknownFieldSet.parseFrom(bytes);
    Map<String, List<Value>> hparams = new LinkedHashMap<>();
    for (ByteString info : lengthDelimited(e, 4)) {
      UnknownFieldSet h = UnknownFieldSet.parseFrom(info);
      List<Value> domain = new ArrayList<>();
      if (h.hasField(5)) {
        domain.addAll(com.google.protobuf.ListValue.parseFrom(one(h, 5)).getValuesList());
      }
      hparams.put(one(h, 1).toStringUtf8(), domain);
    }
    List<String> tags = new ArrayList<>();
    for (ByteString info : lengthDelimited(e, 5)) {
      UnknownFieldSet name = UnknownFieldSet.parseFrom(one(UnknownFieldSet.parseFrom(info), 1));
      tags.add(one(name, 2).toStringUtf8());
    }
    return new Experiment(e.hasField(6) ? one(e, 6).toStringUtf8() : "", hparams, tags);
  }

  private static List<ByteString> lengthDelimited(UnknownFieldSet s, int field) {
    return s.hasField(field) ? s.getField(field).getLengthDelimitedList() : List.of();
  }

  private static ByteString one(UnknownFieldSet s, int field) {
    return s.getField(field).getLengthDelimitedList().get(0);
  }
}
