package org.constcl.workflows.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.PrintWriter;
import java.util.Set;
import org.constcl.eval.benchmark.BenchmarkProtocol;
import org.constcl.tfmodel.model.TensorFlowPreload;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ExitCodes;
import org.constcl.workflows.engine.ParentWatch;
import org.constcl.workflows.engine.WarmWorkers;
import org.constcl.workflows.inject.ConstclModule;
import org.constcl.workflows.stage.StageRegistry;
import picocli.CommandLine;

/** Entry point of the {@code constcl} command. */
public final class Main {
  /** Verbs whose work starts with a TensorFlow graph. */
  static final Set<String> TENSORFLOW_VERBS = Set.of("train", "eval", "viz");

  private Main() {}

  public static void main(String[] args) {
    if (args.length == 1 && args[0].equals(WarmWorkers.WORKER_ARGUMENT)) {
      ParentWatch.start();
      System.exit(StageWorkerLoop.serve());
    }
    if (args.length > 0 && TENSORFLOW_VERBS.contains(args[0])) {
      // TensorFlow's native library loads while the command line is parsed (Guice, picocli: ~0.6 s).
      TensorFlowPreload.start();
    }
    ParentWatch.start();
    LogSetup.configure(LogSetup.verboseRequested(args));
    Console console =
        new Console(new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.console() != null);
    System.exit(run(console, args));
  }

  /** Runs {@code constcl args} writing to {@code console}; returns the exit code. */
  public static int run(Console console, String... args) {
    Injector injector = Guice.createInjector(new ConstclModule(console));
    return commandLine(injector, console).execute(args);
  }

  static CommandLine commandLine(Injector injector, Console console) {
    CommandLine.IFactory guiceFirst = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        return cls.getName().startsWith("org.constcl.") ? injector.getInstance(cls) : CommandLine.defaultFactory().create(cls);
      }
    };
    CommandLine cl = new CommandLine(new ConstclCommand(), guiceFirst);
    // Every registered benchmark protocol is a command under eval, built from the protocol.
    CommandLine eval = cl.getSubcommands().get("eval");
    for (BenchmarkProtocol p : injector.getInstance(StageRegistry.class).protocols()) {
      String[] aliases = p.info().command().equals(p.id()) ? new String[0] : new String[] {p.id()};
      eval.addSubcommand(p.info().command(), ProtocolCommand.commandLine(p, console, injector.getInstance(PipelineLauncher.class)),
          aliases);
    }
    allowUnmatchedWhereCollected(cl);
    cl.setOut(console.out());
    cl.setErr(console.err());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof CliException ce) {
        cmd.getErr().println("constcl " + cmd.getCommandName() + ": " + ce.getMessage());
        return ce.exitCode();
      }
      cmd.getErr().println("constcl " + cmd.getCommandName() + ": internal error: " + e);
      e.printStackTrace(cmd.getErr());
      return ExitCodes.INTERNAL;
    });
    cl.setParameterExceptionHandler((e, a) -> {
      e.getCommandLine().getErr().println("constcl " + e.getCommandLine().getCommandName() + ": " + e.getMessage()
          + " (see --help)");
      return ExitCodes.USAGE;
    });
    return cl;
  }

  /**
   * Picocli 4.7 does not carry a mixin's {@code @Unmatched} field over to the command it is mixed
   * into; the pipeline commands collect Beam's {@code --name=value} options that way (RunnerOptions)
   * and check them themselves, so the binding is moved over here, for every command.
   */
  private static void allowUnmatchedWhereCollected(CommandLine cl) {
    for (CommandLine.Model.CommandSpec mixin : cl.getCommandSpec().mixins().values()) {
      for (CommandLine.Model.UnmatchedArgsBinding b : mixin.unmatchedArgsBindings()) {
        if (!cl.getCommandSpec().unmatchedArgsBindings().contains(b)) {
          cl.getCommandSpec().addUnmatchedArgsBinding(b);
        }
      }
    }
    if (!cl.getCommandSpec().unmatchedArgsBindings().isEmpty()) {
      cl.setUnmatchedArgumentsAllowed(true);
    }
    for (CommandLine sub : cl.getSubcommands().values()) {
      allowUnmatchedWhereCollected(sub);
    }
  }
}
