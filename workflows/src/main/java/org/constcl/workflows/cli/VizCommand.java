package org.constcl.workflows.cli;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.constcl.eval.run.EvalException;
import org.constcl.eval.viz.AttentionVisualization;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code constcl viz}: figures of a pre-trained model. */
@Command(name = "viz", mixinStandardHelpOptions = true, description = "Figures of a pre-trained model.",
    subcommands = {VizCommand.Attention.class})
final class VizCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a figure: attention");
  }

  /** {@code constcl viz attention}. */
  @Command(name = "attention", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Pool the query box's region feature in view a of a clip and draw the decoder's attention over view b's"
          + " context frames as heat maps (PNG, plus the raw maps as JSON beside it). View a is the record's first"
          + " clip-length window, view b its last; both the centre square at the model's size."})
  static final class Attention implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, paramLabel = "<run|checkpoint>", description = "A constcl train run or one of its checkpoints.")
    Path checkpoint;

    @Option(names = "--clips", required = true, paramLabel = "<dir>", description = "A clip dataset (constcl ingest).")
    Path clips;

    @Option(names = "--clip", paramLabel = "<clip-id>", description = "Clip id (default: the dataset's first record).")
    String clip;

    @Option(names = "--box", required = true, paramLabel = "<x1,y1,x2,y2>", split = ",",
        description = "Query box in view a, normalised to the view.")
    float[] box;

    @Option(names = "--output", required = true, paramLabel = "<file.png>", description = "Figure to write.")
    Path output;

    private final Console console;

    @Inject
    Attention(Console console) {
      this.console = console;
    }

    @Override
    public Integer call() throws IOException {
      try {
        AttentionVisualization.Output o = AttentionVisualization.run(checkpoint, clips, clip, box, output);
        console.out().printf(Locale.ROOT, "attention of clip %s: %d maps over %d context steps of %dx%d cells; wrote %s and %s%n",
            o.clipId(), o.maps().maps().length, o.maps().context(), o.maps().height(), o.maps().width(), o.figure(), o.json());
        console.out().flush();
        return ExitCodes.OK;
      } catch (EvalException e) {
        throw new CliException(e.isUsage() ? ExitCodes.USAGE : ExitCodes.FAILED, e.getMessage(), e);
      }
    }
  }
}
