package org.tensorflow;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetTarget;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.ConfigProto;

/**
 * A {@link Session} on a TensorFlow server ({@code grpc://host:port}), which TensorFlow Java's
 * public constructors cannot open: they leave the C API's session target empty (an in-process
 * session). This class sits in TensorFlow Java's package to reach the package-private
 * constructor that wraps a native session; the native session comes from the C API that
 * TensorFlow Java ships ({@code TF_SetTarget}, {@code TF_NewSession}).
 */
public final class TargetedSession {
  private TargetedSession() {}

  /** A session on {@code graph} whose master is {@code target}, configured by {@code config}. */
  public static Session open(Graph graph, String target, ConfigProto config) {
    return open(graph, graph, target, config);
  }

  /** As above, with the native session on {@code runs} and the Java session on {@code graph}. */
  static Session open(Graph graph, Graph runs, String target, ConfigProto config) {
    // As Session's own allocation does: options and status live in the scope, the session
    // handle is retained beyond it and released by Session.close().
    try (PointerScope scope = new PointerScope(); Graph.Reference ref = runs.ref()) {
      TF_Status status = TF_Status.newStatus();
      TF_SessionOptions options = TF_SessionOptions.newSessionOptions();
      TF_SetTarget(options, target);
      BytePointer bytes = new BytePointer(config.toByteArray());
      TF_SetConfig(options, bytes, bytes.capacity(), status);
      status.throwExceptionIfNotOK();
      TF_Session handle = TF_Session.newSession(ref.nativeHandle(), options, status);
      status.throwExceptionIfNotOK();
      handle.retainReference();
      return new Session(graph, handle);
    }
  }
}
