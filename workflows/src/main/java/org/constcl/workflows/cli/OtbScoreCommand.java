package org.constcl.workflows.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.constcl.eval.track.OpePlots;
import org.constcl.eval.track.OtbScoring;
import org.constcl.eval.track.OtbSemantics;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code constcl eval otb-score}: OPE success and precision of existing tracker result files. */
@Command(name = "otb-score", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"One-pass evaluation of tracker results against OTB ground truth: success curve over 21 IoU thresholds"
        + " (strict >), AUC, precision curve 0-50 px with precision at 20 px, success at 0.5, as JSON on stdout."})
final class OtbScoreCommand implements Callable<Integer> {
  @Option(names = "--groundtruth", required = true, paramLabel = "<groundtruth_rect.txt|dir>",
      description = "A ground-truth file, a sequence folder, or an OTB root of <Seq>/groundtruth_rect[.N].txt.")
  Path groundTruth;

  @Option(names = "--results", required = true, paramLabel = "<result.txt|dir>",
      description = "A result file, or a folder of <Seq>[.N].txt (GOT toolkit layout).")
  Path results;

  @Option(names = "--semantics", defaultValue = "otb", paramLabel = "<otb|got10k|pysot>",
      description = "Treatment of invalid ground truth and predictions: original OTB (default), GOT-10k toolkit, pysot.")
  String semantics;

  @Option(names = "--plots", paramLabel = "<dir>", description = "Also write success.png and precision.png there.")
  Path plots;

  private final Console console;

  @Inject
  OtbScoreCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws IOException {
    OtbSemantics s;
    try {
      s = OtbSemantics.of(semantics);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    OtbScoring.Result r;
    try {
      r = OtbScoring.score(groundTruth, results, s);
    } catch (IOException e) {
      throw CliException.usage(e.getMessage());
    }
    if (plots != null) {
      OpePlots.write(plots, r, results.getFileName().toString());
    }
    console.out().println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(r.json()));
    console.out().flush();
    return ExitCodes.OK;
  }
}
