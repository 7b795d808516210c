package org.constcl.workflows.cli;

import java.util.List;
import org.constcl.workflows.console.CliException;

/** The arguments a pipeline command passes through to Beam: only {@code --name=value} pairs. */
final class BeamArguments {
  private BeamArguments() {}

  /** {@code args}, or a usage error naming the first one that is not a Beam option. */
  static List<String> checked(List<String> args, String command) {
    for (String a : args) {
      if (!a.startsWith("--") || !a.contains("=")) {
        throw CliException.usage("unknown argument '" + a + "' (see constcl " + command
            + " --help; Beam options take the form --name=value)");
      }
    }
    return args;
  }
}
