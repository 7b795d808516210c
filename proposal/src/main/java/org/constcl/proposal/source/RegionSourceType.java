package org.constcl.proposal.source;

import java.util.Optional;
import java.util.function.Function;
import org.constcl.proposal.detect.ModelFile;

/**
 * A region source of the ablation (docs/proposals.md): its name (what {@code --source}, {@code
 * pretrain.regions} and box records say), a one-line description, the {@link Engine} that computes
 * its boxes, and, for sources that can run a user's detector model instead, the engine for a
 * model. Sources come from {@link RegionSourceProvider} plug-ins; {@link RegionSources} finds them.
 *
 * @param detector the engine running a model, or null when the source takes none
 */
public record RegionSourceType(String name, String description, Engine engine, Function<ModelFile, Engine> detector) {
  /** A source without a detector model. */
  public static RegionSourceType of(String name, String description, Engine engine) {
    return new RegionSourceType(name, description, engine, null);
  }

  /** Whether the source can run a user's detector model instead of its built-in engine. */
  public boolean takesModel() {
    return detector != null;
  }

  /** The engine that runs {@code model}; present when {@link #takesModel()}. */
  public Optional<Engine> detectorEngine(ModelFile model) {
    return detector == null ? Optional.empty() : Optional.of(detector.apply(model));
  }
}
