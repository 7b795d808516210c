package org.tensorflow;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_GraphImportGraphDef;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_ImportGraphDefOptionsAddInputMapping;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_ImportGraphDefOptionsRemapControlDependency;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_ImportGraphDefOptionsSetValidateColocationConstraints;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetTarget;

import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.internal.c_api.TF_Buffer;
import org.tensorflow.internal.c_api.TF_ImportGraphDefOptions;
import org.tensorflow.internal.c_api.TF_Output;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * A copy of a graph, node for node and name for name, with devices assigned by a rewrite of its
 * GraphDef, and a {@link Session} whose Java side is the original graph (the one whose operands
 * callers feed and fetch) and whose native side runs the copy. TensorFlow's C API runs a session
 * by node names, so every operand of the original names its counterpart in the copy.
 *
 * <p>Why: TensorFlow Java cannot change an op's device once it is built, and the C API adds
 * gradients without devices; the rewrite is how a gradient op gets its forward op's device.
 * Ops added to the original after the session opened reach the copy through {@link #sync()}.
 * Close the session before the mirror.
 */
public final class GraphMirror implements AutoCloseable {
  private final Graph source;
  private final Graph copy = new Graph();
  private final UnaryOperator<GraphDef> placement;
  private final Set<String> mirrored = new HashSet<>();

  /** Mirrors {@code source} through {@code placement} (which may only set devices). */
  public GraphMirror(Graph source, UnaryOperator<GraphDef> placement) {
    this.source = source;
    this.placement = placement;
    // The saver's ops join the graph on the first save; build them now so the copy has them.
    source.saverDef();
    sync();
  }

  /** Copies the source's ops that the copy does not have yet (none: nothing to do). */
  public synchronized void sync() {
    GraphDef all = placement.apply(source.toGraphDef());
    GraphDef.Builder fresh = GraphDef.newBuilder().setVersions(all.getVersions()).setLibrary(all.getLibrary());
    Set<String> inputs = new HashSet<>();
    for (NodeDef n : all.getNodeList()) {
      if (!mirrored.contains(n.getName())) {
        fresh.addNode(n);
        inputs.addAll(n.getInputList());
      }
    }
    if (fresh.getNodeCount() == 0) {
      return;
    }
    try (PointerScope scope = new PointerScope()) {
      TF_ImportGraphDefOptions options = TF_ImportGraphDefOptions.newImportGraphDefOptions();
      // Gradient ops colocated with forward ops ("_class") may name ops mirrored earlier, which
      // the import would look for among the new ones only; the placer checks them all anyway.
      TF_ImportGraphDefOptionsSetValidateColocationConstraints(options, (byte) 0);
      for (String input : inputs) {
        boolean control = input.startsWith("^");
        String name = control ? input.substring(1) : input;
        int colon = name.lastIndexOf(':');
        String node = colon < 0 ? name : name.substring(0, colon);
        if (!mirrored.contains(node)) {
          continue;
        }
        GraphOperation target = (GraphOperation) copy.operation(node);
        if (control) {
          TF_ImportGraphDefOptionsRemapControlDependency(options, node, target.getUnsafeNativeHandle());
        } else {
          int index = colon < 0 ? 0 : Integer.parseInt(name.substring(colon + 1));
          TF_ImportGraphDefOptionsAddInputMapping(options, node, index,
              new TF_Output().oper(target.getUnsafeNativeHandle()).index(index));
        }
      }
      TF_Buffer buffer = TF_Buffer.newBufferFromString(fresh.build());
      TF_Status status = TF_Status.newStatus();
      try (Graph.Reference ref = copy.ref()) {
        TF_GraphImportGraphDef(ref.nativeHandle(), buffer, options, status);
      }
      status.throwExceptionIfNotOK();
    }
    fresh.getNodeList().forEach(n -> mirrored.add(n.getName()));
  }

  /** The copy's GraphDef (for inspection: the devices the rewrite gave). */
  public GraphDef placedGraphDef() {
    return copy.toGraphDef();
  }

  /**
   * A session that runs the copy, fed and fetched through the source's operands; {@code target}
   * is a TensorFlow server ({@code grpc://host:port}) or empty for an in-process session.
   */
  public Session open(String target, ConfigProto config) {
    return TargetedSession.open(source, copy, target, config);
  }

  @Override
  public void close() {
    copy.close();
  }
}
