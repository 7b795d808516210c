package org.constcl.workflows.cli;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.constcl.proposal.io.MisalignedDatasetException;
import org.constcl.proposal.io.ShardAlignment;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code constcl proposals check}: the alignment check readers run, from the command line. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Verify that a box dataset aligns with a clip dataset (same shards, same clip ids in the same order).")
final class ProposalsCheckCommand implements Callable<Integer> {
  @Option(names = "--clips", required = true, paramLabel = "<dir>", description = "The clip dataset.")
  Path clips;

  @Option(names = "--boxes", required = true, paramLabel = "<dir>", description = "The box dataset.")
  Path boxes;

  private final Console console;

  @Inject
  ProposalsCheckCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    try {
      ShardAlignment.Report r = ShardAlignment.verify(clips, boxes);
      console.out().printf("aligned: %d shards, %d records%n", r.shards(), r.rows());
      return ExitCodes.OK;
    } catch (MisalignedDatasetException e) {
      throw new CliException(ExitCodes.FAILED, e.getMessage());
    } catch (IOException e) {
      throw CliException.usage(e.getMessage());
    }
  }
}
