package org.constcl.workflows.experiment;

import java.util.Set;
import org.constcl.tfmodel.trainer.ConfigTree;

/** The trainer's config keys (dotted), as its defaults define them. */
final class TrainerKeys {
  private TrainerKeys() {}

  static Set<String> all() {
    return ConfigTree.defaults().flatten().keySet();
  }
}
