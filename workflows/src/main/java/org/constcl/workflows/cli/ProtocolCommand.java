package org.constcl.workflows.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.constcl.eval.benchmark.BenchmarkProtocol;
import org.constcl.eval.benchmark.BenchmarkRequest;
import org.constcl.eval.benchmark.BenchmarkResult;
import org.constcl.eval.benchmark.ProtocolInfo;
import org.constcl.eval.benchmark.SettingSpec;
import org.constcl.eval.run.BackboneSource;
import org.constcl.transforms.beam.RunnerSettings;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ConsoleErrStream;
import org.constcl.workflows.console.ExitCodes;
import org.constcl.workflows.plan.CanonicalJson;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code constcl eval <protocol>}: the command of a registered benchmark protocol, built from the
 * protocol itself — an option per input ({@code --dataset}, {@code --sequences}, ...), {@code
 * --checkpoint | --random-init}, {@code --output}, an option per setting (its key with dashes, its
 * description and default from the protocol) and, for protocols that run Beam, the runner options.
 * The experiment engine runs every benchmark instance with this command, so a new protocol has its
 * command without writing one.
 */
final class ProtocolCommand implements Callable<Integer> {
  private final BenchmarkProtocol protocol;
  private final Console console;
  private final PipelineLauncher launcher;
  private final BackboneInitOptions init = new BackboneInitOptions();
  private final RunnerOptions runner = new RunnerOptions();
  private CommandSpec spec;

  private ProtocolCommand(BenchmarkProtocol protocol, Console console, PipelineLauncher launcher) {
    this.protocol = protocol;
    this.console = console;
    this.launcher = launcher;
  }

  /** The command line of {@code protocol}, to add under {@code constcl eval}. */
  static CommandLine commandLine(BenchmarkProtocol protocol, Console console, PipelineLauncher launcher) {
    ProtocolCommand cmd = new ProtocolCommand(protocol, console, launcher);
    ProtocolInfo info = protocol.info();
    CommandSpec spec = CommandSpec.wrapWithoutInspection(cmd).name(protocol.info().command()).mixinStandardHelpOptions(true);
    spec.usageMessage().description(info.description()).sortOptions(false);
    for (ProtocolInfo.Input in : info.inputs()) {
      spec.addOption(OptionSpec.builder(in.flag()).type(Path.class).paramLabel("<dir>").required(in.required())
          .description(in.description()).build());
    }
    spec.addMixin("init", CommandSpec.forAnnotatedObject(cmd.init));
    spec.addOption(OptionSpec.builder("--output").type(Path.class).paramLabel("<dir>").required(true)
        .description("Evaluation folder.").build());
    for (SettingSpec s : protocol.settings()) {
      List<String> names = new ArrayList<>(List.of(s.flag()));
      names.addAll(s.aliases());
      OptionSpec.Builder b = OptionSpec.builder(names.toArray(String[]::new))
          .description(s.description() + (s.choices().isEmpty() ? "" : " One of: " + String.join(", ", s.choices()) + "."));
      switch (s.type()) {
        case INTEGER -> b.type(Long.class).paramLabel("<n>");
        case NUMBER -> b.type(BigDecimal.class).paramLabel("<x>");
        case BOOLEAN -> b.type(boolean.class).arity("0");
        case STRING -> b.type(String.class).paramLabel(s.choices().isEmpty() ? "<value>" : "<" + String.join("|", s.choices())
            + ">");
      }
      spec.addOption(b.build());
    }
    spec.addOption(OptionSpec.builder("-v", "--verbose").type(boolean.class).arity("0").description("Show library logs.")
        .build());
    if (info.usesBeam()) {
      spec.addMixin("runner", CommandSpec.forAnnotatedObject(cmd.runner));
    }
    cmd.spec = spec;
    return new CommandLine(spec);
  }

  @Override
  public Integer call() throws IOException {
    Map<String, Path> inputs = new LinkedHashMap<>();
    for (ProtocolInfo.Input in : protocol.info().inputs()) {
      Path p = spec.findOption(in.flag()).getValue();
      if (p != null) {
        inputs.put(in.name(), p);
      }
    }
    ObjectNode settings = CanonicalJson.JSON.createObjectNode();
    for (SettingSpec s : protocol.settings()) {
      Object v = spec.findOption(s.flag()).getValue();
      if (v instanceof Long l) {
        settings.put(s.key(), l);
      } else if (v instanceof BigDecimal d) {
        settings.put(s.key(), d); // parsed by the protocol from its text, as typed
      } else if (v instanceof Boolean bool) {
        if (bool) {
          settings.put(s.key(), true);
        }
      } else if (v != null) {
        settings.put(s.key(), v.toString());
      }
    }
    Path output = spec.findOption("--output").getValue();
    return EvalFailures.handle(protocol.id() + " evaluation", () -> {
      BackboneSource source = init.resolve();
      RunnerSettings beam = protocol.info().usesBeam() ? runner.settings("eval " + protocol.id()) : null;
      BenchmarkRequest request = new BenchmarkRequest(inputs, source, settings, output, (job, tf) -> {
        if (beam == null) {
          throw new IllegalStateException(protocol.id() + " declares no Beam pipeline");
        }
        return launcher.options(beam, job, tf);
      }, ConsoleErrStream.printStream(console));
      BenchmarkResult r = protocol.run(request);
      console.out().printf("%s %s%s (%s init): %s; wrote %s%n", protocol.id(), source.spec(),
          r.dataset() == null ? "" : " on " + r.dataset(), source.checkpoint() == null ? "random" : "pre-trained", r.headline(),
          output.resolve("metrics.json"));
      console.out().flush();
      return ExitCodes.OK;
    });
  }
}
