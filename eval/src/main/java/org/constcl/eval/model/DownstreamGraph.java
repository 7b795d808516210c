package org.constcl.eval.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.constcl.tfmodel.model.ConstclModel;
import org.constcl.tfmodel.nn.CheckpointVariables;
import org.constcl.tfmodel.run.Checkpointable;
import org.constcl.tfmodel.run.RunLayout;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * What every downstream model on the pre-trained backbone shares: its graph and session, setting
 * the backbone from a pre-trained checkpoint by logical name, TensorFlow checkpoints, closing. A
 * subclass adds its ops to {@link #graph} in its constructor, then calls {@link #open}.
 */
public abstract class DownstreamGraph implements Checkpointable, AutoCloseable {
  protected final Graph graph = new Graph();
  private Session session;
  private CheckpointVariables backbone;

  /** Opens the session once the graph is complete; {@code backboneLoader} sets the backbone. */
  protected final void open(CheckpointVariables backboneLoader, int threads) {
    this.backbone = backboneLoader;
    this.session = ConstclModel.openSession(graph, threads);
  }

  protected final Session session() {
    return session;
  }

  /** Sets every variable to its seeded initial value (a random-init backbone). */
  public void initialize() {
    session.initialize();
  }

  /**
   * Sets the backbone's weights and moving statistics from a pre-trained model's variables
   * ({@code prefix.index}, {@code prefix.data-*}), by logical name; optimizer slots stay as they are.
   *
   * @throws IllegalArgumentException when the checkpoint lacks a backbone variable or holds another shape
   */
  public void loadBackbone(Path variablesPrefix) {
    backbone.load(session, variablesPrefix);
  }

  /** Logical names of the backbone variables {@link #loadBackbone} sets. */
  public List<String> backboneVariables() {
    return backbone.names();
  }

  /** Saves every variable (a TensorFlow checkpoint) under {@code folder/variables}. */
  @Override
  public void saveCheckpoint(Path folder) throws IOException {
    Files.createDirectories(folder);
    session.save(RunLayout.variablesPrefix(folder).toString());
  }

  /** Restores every variable saved by {@link #saveCheckpoint} from a model with the same config. */
  @Override
  public void restoreCheckpoint(Path folder) {
    session.restore(RunLayout.variablesPrefix(folder).toString());
  }

  /** A tensor's values, row-major. */
  protected static float[] floats(TFloat32 t) {
    float[] v = new float[(int) t.shape().size()];
    t.asRawTensor().data().asFloats().read(v);
    return v;
  }

  /** Scalar output {@code i} of a run. */
  protected static float scalar(Result r, int i) {
    return ((TFloat32) r.get(i)).getFloat();
  }

  @Override
  public void close() {
    if (session != null) {
      session.close();
    }
    graph.close();
  }
}
