package org.constcl.workflows.plan;

import java.nio.file.Path;

/** An input of a stage instance: another instance's artifact, or a file or folder outside the store. */
public sealed interface StageInput {
  /** What the cache key takes from this input. */
  String keyPart();

  /** The artifact of an upstream instance. */
  record Upstream(StageInstance instance) implements StageInput {
    @Override
    public String keyPart() {
      return "artifact " + instance.key();
    }
  }

  /** A path outside the store, identified by its content digest. */
  record External(Path path, String digest) implements StageInput {
    @Override
    public String keyPart() {
      return "content " + digest;
    }
  }
}
