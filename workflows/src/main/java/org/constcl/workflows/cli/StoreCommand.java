package org.constcl.workflows.cli;

import jakarta.inject.Inject;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ExitCodes;
import org.constcl.workflows.store.ArtifactStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code constcl store}: maintenance of the artifact store. */
@Command(name = "store", mixinStandardHelpOptions = true, description = "Maintain the artifact store.",
    subcommands = {StoreCommand.Scrub.class})
final class StoreCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a subcommand: scrub");
  }

  /** The store a maintenance command works on. */
  static final class StoreOption {
    @Option(names = "--store", paramLabel = "<dir>", description = "The store (default: $CONSTCL_STORE, else"
        + " ~/.cache/constcl/store).")
    String store;

    ArtifactStore open() {
      return ArtifactStore.open(store != null ? store : ArtifactStore.defaultRoot().toString(), null);
    }
  }

  /** {@code constcl store scrub}: re-hash every byte, report and optionally quarantine corrupt artifacts. */
  @Command(name = "scrub", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Re-hash every file of the store's artifacts (or a sample) against the SHA-256 recorded at commit:"
          + " finds what metadata verification cannot (a byte changed in place with size and time kept). Exit code 1"
          + " when something is corrupt; a corrupt artifact is rebuilt by the next run that needs it."})
  static final class Scrub implements Callable<Integer> {
    @picocli.CommandLine.Mixin StoreOption store;

    @Option(names = "--sample", paramLabel = "<n>", description = "Check n artifacts chosen at random (default: all).")
    int sample;

    @Option(names = "--seed", paramLabel = "<n>", defaultValue = "1", description = "Seed of the sample (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--quarantine", description = "Move corrupt artifacts to <store>/quarantine/ (not those a running"
        + " engine holds).")
    boolean quarantine;

    private final Console console;

    @Inject
    Scrub(Console console) {
      this.console = console;
    }

    @Override
    public Integer call() {
      ArtifactStore s = store.open();
      long t0 = System.nanoTime();
      ArtifactStore.ScrubReport r = s.scrub(sample, seed, quarantine);
      double seconds = (System.nanoTime() - t0) / 1e9;
      for (ArtifactStore.Corruption c : r.corrupt()) {
        console.out().println("corrupt " + c.kind() + "/" + c.key() + " (" + c.label() + "): " + c.problem()
            + (c.quarantinedTo() == null ? "" : "; moved to " + s.root().relativize(c.quarantinedTo())));
      }
      console.out().printf(Locale.ROOT, "scrub %s: checked %d of %d artifacts, %.1f MB hashed in %.1f s: %s%n", s.root(),
          r.checked(), r.artifacts(), r.bytes() / 1e6, seconds,
          r.corrupt().isEmpty() ? "all intact" : r.corrupt().size() + " corrupt");
      console.out().flush();
      return r.corrupt().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }
}
