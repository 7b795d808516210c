package org.constcl.workflows.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.constcl.workflows.bench.BenchCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The root command; {@code constcl --help} lists the subcommands. */
@Command(
    name = "constcl",
    mixinStandardHelpOptions = true,
    versionProvider = ConstclCommand.Version.class,
    description = "ConST-CL video self-supervised learning as reproducible, batch-scheduled experiments.",
    subcommands = {RunCommand.class, PlanCommand.class, CompareCommand.class, VerifyCommand.class, ReportCommand.class, ClusterCommand.class,
        PlanCommand.Schema.class, IngestCommand.class, ProposalsCommand.class, TrainCommand.class, TrainWorkerCommand.class,
        DatasetsCommand.class,
        EvalCommand.class, VizCommand.class, BenchCommand.class, StoreCommand.class})
final class ConstclCommand {

  /** Reads the version Maven wrote into the jar. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Version.class.getResourceAsStream("/org/constcl/workflows/version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"constcl " + p.getProperty("version", "unknown")};
    }
  }
}
