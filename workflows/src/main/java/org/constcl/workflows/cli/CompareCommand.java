package org.constcl.workflows.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ExitCodes;
import org.constcl.workflows.plan.CanonicalJson;
import org.constcl.workflows.report.ComparisonPage;
import org.constcl.workflows.report.ManifestComparison;
import org.constcl.workflows.report.ManifestFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code constcl compare}: why two runs or cells differ. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Explain why two runs or cells differ: environment and config keys, then each cell's stages walked from"
        + " the roots to the first stage that differs by itself (code fingerprint, config, input content), and the metric"
        + " deltas that follow. Only differences are shown unless --all.",
        "Arguments: a manifest.json or run folder, optionally with #<cell-id> (e.g. runs/x/manifest.json#regions=slic,seed=1)."})
final class CompareCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "<manifest[#cell]>") String a;

  @Parameters(index = "1", paramLabel = "<manifest[#cell]>") String b;

  @Option(names = "--all", description = "Also list what is equal.")
  boolean all;

  @Option(names = "--json", description = "Print the comparison as JSON.")
  boolean json;

  @Option(names = "--html", paramLabel = "<file>", description = "Also write the comparison as one self-contained page:"
      + " both runs side by side, differences, metric deltas and both training curves on one chart.")
  Path html;

  private final Console console;

  @Inject
  CompareCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws Exception {
    ObjectNode c;
    ManifestFile ma;
    ManifestFile mb;
    try {
      ma = ManifestFile.read(a);
      mb = ManifestFile.read(b);
      c = new ManifestComparison(ma, mb, all).compare();
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    if (html != null) {
      Path parent = html.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.writeString(html, ComparisonPage.html(ma, mb, c), StandardCharsets.UTF_8);
    }
    console.out().print(json ? CanonicalJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(c) + "\n"
        : ManifestComparison.text(c));
    if (html != null) {
      console.out().println("wrote " + html);
    }
    console.out().flush();
    return ExitCodes.OK;
  }
}
