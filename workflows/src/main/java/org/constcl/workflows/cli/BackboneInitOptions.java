package org.constcl.workflows.cli;

import java.nio.file.Path;
import org.constcl.eval.run.BackboneSource;
import org.constcl.eval.run.EvalException;
import org.constcl.eval.run.PretrainedCheckpoint;
import org.constcl.tfmodel.backbone.R3dSpec;
import org.constcl.workflows.console.CliException;
import picocli.CommandLine.Option;

/** {@code --checkpoint} or {@code --random-init}: where a downstream model's backbone starts. */
final class BackboneInitOptions {
  @Option(names = "--checkpoint", paramLabel = "<dir>",
      description = "A constcl train run folder, one of its checkpoints/step-N, or its saved_model.")
  Path checkpoint;

  @Option(names = "--random-init", paramLabel = "<spec>",
      description = "Start from a random-init backbone of this spec (r3d50, small, tiny) instead of --checkpoint.")
  String randomInit;

  /** The resolved source; exit 2 when neither or both are given, or the spec is unknown. */
  BackboneSource resolve() throws EvalException {
    if ((checkpoint == null) == (randomInit == null)) {
      throw CliException.usage("give exactly one of --checkpoint <run> and --random-init <spec>");
    }
    if (checkpoint != null) {
      return BackboneSource.pretrained(PretrainedCheckpoint.resolve(checkpoint));
    }
    try {
      R3dSpec.named(randomInit);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    return BackboneSource.random(randomInit);
  }
}
