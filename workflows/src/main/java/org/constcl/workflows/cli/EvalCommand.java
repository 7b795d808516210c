package org.constcl.workflows.cli;

import picocli.CommandLine.Command;

/**
 * {@code constcl eval}: downstream benchmarks — one command per registered protocol ({@link
 * ProtocolCommand}, added by {@link Main}) and the standalone scorers. See docs/evaluation.md.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Downstream benchmarks of a pre-trained model.",
    subcommands = {AvaMapCommand.class, OtbScoreCommand.class})
final class EvalCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a benchmark ("
        + String.join(", ", spec.subcommands().keySet()) + ")");
  }
}
