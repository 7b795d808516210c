package org.constcl.tfmodel.run;

import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;

/**
 * Makes an exported {@code saved_model.pb} the same bytes for the same model in every process:
 * <ul>
 *   <li>deterministic protobuf serialization (map entries, such as every node's attributes,
 *       sorted by key): TensorFlow writes the graph's maps in the order of its C++ hash maps,
 *       which are seeded per process;
 *   <li>only the nodes the signatures and the saver reach: the exporter writes the whole session
 *       graph, including the training step's gradient ops, whose names TensorFlow's gradient
 *       builder assigns in an order that varies from process to process (the computation is the
 *       same; the names are not). A SavedModel serves the forward pass; the gradients were never
 *       needed in it, and the file shrinks.
 * </ul>
 * Without this a re-executed training never reproduced its artifact byte for byte.
 */
public final class DeterministicSavedModel {
  private DeterministicSavedModel() {}

  /** Rewrites {@code folder/saved_model.pb} in place (atomically). */
  public static void rewrite(Path folder) throws IOException {
    Path pb = folder.resolve("saved_model.pb");
    SavedModel model = prune(SavedModel.parseFrom(Files.readAllBytes(pb)));
    Path tmp = folder.resolve("saved_model.pb.tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      CodedOutputStream coded = CodedOutputStream.newInstance(out);
      coded.useDeterministicSerialization();
      model.writeTo(coded);
      coded.flush();
    }
    Files.move(tmp, pb, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Keeps, in each meta graph, the nodes that a signature's tensors or the saver's ops depend on. */
  static SavedModel prune(SavedModel model) {
    SavedModel.Builder out = model.toBuilder();
    for (int m = 0; m < out.getMetaGraphsCount(); m++) {
      MetaGraphDef.Builder meta = out.getMetaGraphsBuilder(m);
      Deque<String> reached = new ArrayDeque<>();
      for (SignatureDef sig : meta.getSignatureDefMap().values()) {
        sig.getInputsMap().values().forEach(t -> reached.add(t.getName()));
        sig.getOutputsMap().values().forEach(t -> reached.add(t.getName()));
      }
      SaverDef saver = meta.getSaverDef();
      for (String t : List.of(saver.getFilenameTensorName(), saver.getSaveTensorName(), saver.getRestoreOpName())) {
        if (!t.isEmpty()) {
          reached.add(t);
        }
      }
      GraphDef graph = meta.getGraphDef();
      Map<String, NodeDef> byName = new HashMap<>();
      graph.getNodeList().forEach(n -> byName.put(n.getName(), n));
      Set<String> keep = new HashSet<>();
      while (!reached.isEmpty()) {
        String name = nodeName(reached.pop());
        NodeDef n = byName.get(name);
        if (n != null && keep.add(name)) {
          n.getInputList().forEach(reached::add);
        }
      }
      GraphDef.Builder pruned = graph.toBuilder().clearNode();
      graph.getNodeList().stream().filter(n -> keep.contains(n.getName())).forEach(pruned::addNode);
      meta.setGraphDef(pruned);
    }
    return out.build();
  }

  /** {@code ^name}, {@code name:1} → {@code name}. */
  private static String nodeName(String tensor) {
    String n = tensor.startsWith("^") ? tensor.substring(1) : tensor;
    int colon = n.indexOf(':');
    return colon < 0 ? n : n.substring(0, colon);
  }
}
