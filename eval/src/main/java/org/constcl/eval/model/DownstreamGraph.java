package org.constcl.eval.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.constcl.tfmodel.model.ConstclModel;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * What every downstream model on the pre-trained backbone shares: its graph and session, setting
 * the backbone from a pre-trained model by logical name, TensorFlow checkpoints, closing. A
 * subclass adds its ops to {@link #graph} in its constructor, then calls {@link #open}.
 */
public abstract class DownstreamGraph implements AutoCloseable {
  protected final Graph graph = new Graph();
  private Session session;
  private BackboneLoader loader;

  /** Opens the session once the graph is complete; {@code loader} sets the backbone. */
  protected final void open(BackboneLoader backboneLoader, int threads) {
    this.loader = backboneLoader;
    this.session = ConstclModel.openSession(graph, threads);
  }

  protected final Session session() {
    return session;
  }

  /** Sets every variable to its seeded initial value (a random-init backbone). */
  public void initialize() {
    session.initialize();
  }

  /** Sets the backbone's weights and moving statistics by logical name (see {@link BackboneLoader#load}). */
  public void loadBackbone(Map<String, float[]> values) {
    loader.load(session, values);
  }

  /** Logical names of the backbone variables {@link #loadBackbone} sets. */
  public List<String> backboneVariables() {
    return loader.names();
  }

  /** Saves every variable (a TensorFlow checkpoint) under {@code folder/variables}. */
  public void saveCheckpoint(Path folder) throws IOException {
    Files.createDirectories(folder);
    session.save(folder.resolve("variables").toString());
  }

  /** Restores every variable saved by {@link #saveCheckpoint} from a model with the same config. */
  public void restoreCheckpoint(Path folder) {
    session.restore(folder.resolve("variables").toString());
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
