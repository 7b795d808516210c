package org.constcl.eval.extract;

import java.util.HashMap;
import java.util.Map;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.ConfigProto;

/**
 * One loaded SavedModel per path per JVM, shared by every DoFn instance of a worker process and
 * closed when the last user releases it. TensorFlow sessions are safe to run from several threads.
 */
final class SharedSavedModel {
  private static final Map<String, SharedSavedModel> LOADED = new HashMap<>();
  private final String path;
  private final SavedModelBundle bundle;
  private int users;

  private SharedSavedModel(String path, SavedModelBundle bundle) {
    this.path = path;
    this.bundle = bundle;
  }

  static synchronized SharedSavedModel acquire(String path) {
    SharedSavedModel m = LOADED.get(path);
    if (m == null) {
      ConfigProto proto = ConfigProto.newBuilder()
          .setIntraOpParallelismThreads(Runtime.getRuntime().availableProcessors())
          .setInterOpParallelismThreads(1)
          .build();
      m = new SharedSavedModel(path, SavedModelBundle.loader(path).withTags("serve").withConfigProto(proto).load());
      LOADED.put(path, m);
    }
    m.users++;
    return m;
  }

  SavedModelBundle bundle() {
    return bundle;
  }

  void release() {
    synchronized (SharedSavedModel.class) { // the lock acquire() holds: users and LOADED change together
      if (--users == 0) {
        LOADED.remove(path);
        bundle.close();
      }
    }
  }
}
