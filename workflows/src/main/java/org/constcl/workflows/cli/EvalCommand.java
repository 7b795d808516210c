package org.constcl.workflows.cli;

import picocli.CommandLine.Command;

/** {@code constcl eval}: downstream benchmarks. See docs/evaluation.md. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Downstream benchmarks of a pre-trained model.",
    subcommands = {EvalRunCommand.class, EvalClassifyCommand.Linear.class, EvalClassifyCommand.Finetune.class,
        AvaMapCommand.class, EvalAvaCommand.class, OtbScoreCommand.class, EvalTrackCommand.class})
final class EvalCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a benchmark: run <protocol>, linear, finetune, ava, ava-map, track or otb-score");
  }
}
