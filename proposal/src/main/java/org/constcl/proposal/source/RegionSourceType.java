package org.constcl.proposal.source;

import java.util.Optional;
import org.constcl.proposal.detect.ModelFile;

/**
 * A region source of the ablation (docs/proposals.md): a name, and the {@link Engine} that
 * computes its boxes — built in, or a user's detector model for sources that take one. Sources are
 * plug-ins: one class implementing this interface, listed in {@code
 * META-INF/services/org.constcl.proposal.source.RegionSourceType}; {@link RegionSources} finds them
 * (on the command line, in experiment files, and on Beam workers).
 */
public interface RegionSourceType {
  /** The name used on the command line, in experiment files and in records. */
  String name();

  /** One line for {@code constcl proposals sources}. */
  String description();

  /** The built-in engine. */
  Engine engine();

  /** Whether the source can run a user's detector model instead of its built-in engine. */
  default boolean takesModel() {
    return false;
  }

  /** The engine that runs {@code model}; present when {@link #takesModel()}. */
  default Optional<Engine> detectorEngine(ModelFile model) {
    return Optional.empty();
  }
}
