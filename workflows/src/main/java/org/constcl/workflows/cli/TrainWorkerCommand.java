package org.constcl.workflows.cli;

import jakarta.inject.Inject;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.constcl.tfmodel.model.Distribution;
import org.constcl.tfmodel.model.WorkerServer;
import org.constcl.tfmodel.trainer.ConfigTree;
import org.constcl.tfmodel.trainer.TrainConfig;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ConsoleErrStream;
import org.constcl.workflows.console.ExitCodes;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code constcl train-worker}: one of the other processes of a multi-worker training (the chief
 * runs {@code constcl train} with the same config). See docs/training.md, "Workers".
 */
@Command(
    name = "train-worker",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Serve this machine's devices to a training over several processes: a TensorFlow server for task --task of"
          + " distribute.workers, with distribute.replicas devices and train.threads threads, as the chief's config says.",
      "Start one per worker before or beside the chief (constcl train with the same config, task 0). The worker"
          + " exits when the chief has gone."
    })
final class TrainWorkerCommand implements Callable<Integer> {
  @ArgGroup(exclusive = true, multiplicity = "1")
  TrainCommand.Source source;

  @Option(names = "--set", paramLabel = "<key=value>",
      description = "Sets a config key, e.g. distribute.workers=10.0.0.1:2222,10.0.0.2:2222.")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(names = "--workers", paramLabel = "<host:port,...>",
      description = "Sets distribute.workers: every process, the chief first (or env: $CONSTCL_WORKERS).")
  String workers;

  @Option(names = "--task", required = true, paramLabel = "<i>",
      description = "This worker's index in distribute.workers (1 or more; 0 is the chief).")
  int task;

  private final Console console;

  @Inject
  TrainWorkerCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws InterruptedException {
    TrainConfig config = config();
    Distribution layout = config.model().distribution();
    if (!layout.distributed()) {
      throw CliException.usage("distribute.workers is empty: a worker needs the list of every process"
          + " (--workers host:port,host:port or --set distribute.workers=...)");
    }
    PrintStream log = ConsoleErrStream.printStream(console);
    try {
      log.println(WorkerServer.serve(layout.workers(), task, layout, config.model().threads(), log));
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    return ExitCodes.OK;
  }

  private TrainConfig config() {
    ConfigTree tree = source.read(settings);
    try {
      if (workers != null) {
        tree.set("distribute.workers", "\"" + workers + "\"");
      }
      return TrainConfig.of(tree);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }
}
