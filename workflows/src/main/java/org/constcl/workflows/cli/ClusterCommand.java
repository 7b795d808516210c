package org.constcl.workflows.cli;

import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code constcl cluster start|status|stop}: a local Flink session cluster (infra/flink/cluster.sh). */
@Command(name = "cluster", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Start, query or stop a Flink 1.19 session cluster built from Maven jars (one JobManager,"
        + " --taskmanagers TaskManagers, optionally with GPUs), bound to 127.0.0.1 unless --bind says otherwise (infra/flink/cluster.sh; see docs/flink-cluster.md). Then: constcl run <file>"
        + " --flink-master 127.0.0.1:<rest-port>."})
final class ClusterCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "start|status|stop") String action;

  @Option(names = "--dir", paramLabel = "<dir>", description = "Cluster state and logs (default: ~/.local/state/constcl/flink).")
  Path dir;

  @Option(names = "--bind", paramLabel = "<addr>", description = "Address every port binds to (default 127.0.0.1).")
  String bind;

  @Option(names = "--rest-port", paramLabel = "<port>", description = "REST/web port (default 8081).")
  Integer restPort;

  @Option(names = "--rpc-port", paramLabel = "<port>") Integer rpcPort;

  @Option(names = "--blob-port", paramLabel = "<port>") Integer blobPort;

  @Option(names = "--slots", paramLabel = "<n>", description = "Task slots (default 2).")
  Integer slots;

  @Option(names = "--tm-memory", paramLabel = "<size>", description = "TaskManager process memory (default 4096m).")
  String tmMemory;

  @Option(names = "--taskmanagers", paramLabel = "<n>", description = "TaskManager processes (default 1).")
  Integer taskManagers;

  @Option(names = "--gpus-per-taskmanager", paramLabel = "<g>", description = "GPUs each TaskManager declares through"
      + " Flink's GPU driver (external resource 'gpu'; default 0). Training and evaluation stages then ask for one each.")
  Integer gpusPerTaskManager;

  @Option(names = "--declare-gpus", description = "Declare GPU indices 0..g-1 without looking for GPUs (machines without"
      + " GPUs: tests of placement). Without it the discovery script lists nvidia-smi's GPUs.")
  boolean declareGpus;

  @Option(names = "--infra", paramLabel = "<dir>", description = "The checkout's infra/ folder (default: found from the jar,"
      + " or $CONSTCL_HOME/infra).")
  Path infra;

  private final Console console;

  @Inject
  ClusterCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws Exception {
    if (!List.of("start", "status", "stop").contains(action)) {
      throw CliException.usage("unknown action '" + action + "': start, status or stop");
    }
    Path script = script();
    List<String> cmd = new ArrayList<>(List.of("bash", script.toString(), action));
    add(cmd, "--dir", dir);
    if (action.equals("start")) {
      add(cmd, "--bind", bind);
      add(cmd, "--rest-port", restPort);
      add(cmd, "--rpc-port", rpcPort);
      add(cmd, "--blob-port", blobPort);
      add(cmd, "--slots", slots);
      add(cmd, "--tm-memory", tmMemory);
      add(cmd, "--taskmanagers", taskManagers);
      add(cmd, "--gpus-per-taskmanager", gpusPerTaskManager);
      if (declareGpus) {
        cmd.add("--declare-gpus");
      }
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    int exit = p.waitFor();
    console.out().print(out);
    console.out().flush();
    if (exit != 0) {
      throw new CliException(ExitCodes.FAILED, "cluster " + action + " failed (exit " + exit + ")");
    }
    return ExitCodes.OK;
  }

  private static void add(List<String> cmd, String flag, Object value) {
    if (value != null) {
      cmd.add(flag);
      cmd.add(value.toString());
    }
  }

  private Path script() {
    List<Path> candidates = new ArrayList<>();
    if (infra != null) {
      candidates.add(infra.resolve("flink/cluster.sh"));
    }
    String home = System.getenv("CONSTCL_HOME");
    if (home != null) {
      candidates.add(Path.of(home, "infra/flink/cluster.sh"));
    }
    JobJar.current().ifPresent(jar -> {
      for (Path d = jar.toAbsolutePath().getParent(); d != null; d = d.getParent()) {
        candidates.add(d.resolve("infra/flink/cluster.sh"));
      }
    });
    candidates.add(Path.of("infra/flink/cluster.sh").toAbsolutePath());
    for (Path c : candidates) {
      if (Files.isRegularFile(c)) {
        return c;
      }
    }
    throw CliException.usage("cannot find infra/flink/cluster.sh (looked at " + candidates + "); pass --infra <checkout>/infra");
  }
}
