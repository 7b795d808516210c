package org.constcl.workflows.cli;

import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ExitCodes;
import org.constcl.workflows.store.ArtifactStore;
import org.constcl.workflows.store.StoreGc;
import org.constcl.workflows.store.StoreUsage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code constcl store}: maintenance of the artifact store. */
@Command(name = "store", mixinStandardHelpOptions = true, description = "Maintain the artifact store.",
    subcommands = {StoreCommand.Scrub.class, StoreCommand.Gc.class, StoreCommand.Du.class})
final class StoreCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a subcommand: scrub, gc or du");
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

  /** {@code constcl store gc}: remove artifacts no kept run references. */
  @Command(name = "gc", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Remove the artifacts no kept run references (and, with them, nothing a kept artifact was built"
          + " from). Always kept: everything a running engine's plan names and whatever is being built. Say what to keep;"
          + " policies add up."})
  static final class Gc implements Callable<Integer> {
    @picocli.CommandLine.Mixin StoreOption store;

    @Option(names = "--keep-last", paramLabel = "<n>", description = "Keep what the n most recent runs used"
        + " (0: only what running engines hold).")
    Integer keepLast;

    @Option(names = "--keep-run", paramLabel = "<run>", description = "Keep what this run used: a run id (runs/<id>) or an"
        + " experiment name (its most recent run). Repeatable.")
    List<String> keepRuns = new ArrayList<>();

    @Option(names = "--keep-newer-than", paramLabel = "<age>", description = "Keep artifacts built or used within this age:"
        + " 36h, 7d, 2w.")
    String keepNewerThan;

    @Option(names = "--purge-quarantine", description = "Also delete what scrub moved to quarantine/.")
    boolean purgeQuarantine;

    @Option(names = {"-n", "--dry-run"}, description = "List what would go and the bytes freed; remove nothing.")
    boolean dryRun;

    private final Console console;

    @Inject
    Gc(Console console) {
      this.console = console;
    }

    @Override
    public Integer call() {
      StoreGc.Policy policy;
      try {
        policy = new StoreGc.Policy(keepLast, keepRuns, keepNewerThan == null ? null : age(keepNewerThan), purgeQuarantine);
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCodes.USAGE, "constcl store gc: " + e.getMessage());
      }
      ArtifactStore s = store.open();
      StoreGc.Report r;
      try {
        r = StoreGc.collect(s, policy, dryRun, Instant.now());
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCodes.USAGE, "constcl store gc: " + e.getMessage());
      }
      String verb = dryRun ? "would remove" : "removed";
      for (StoreGc.Removal x : r.removed()) {
        console.out().printf(Locale.ROOT, "%s %s/%s (%s) %s%n", verb, x.kind(), x.key().substring(0, 12), x.label(), size(x.bytes()));
      }
      for (String h : r.held()) {
        console.out().println("kept " + h + ": an engine is building it");
      }
      for (String p : r.problems()) {
        console.out().println("warning: " + p);
      }
      console.out().printf(Locale.ROOT, "gc %s%s: %s %d artifacts (%s)%s; kept %d (%s)%s%n", s.root(), dryRun ? " (dry run)" : "",
          verb, r.removed().size(), size(r.freedBytes()),
          r.otherFreedBytes() > 0 ? " and " + size(r.otherFreedBytes()) + " of trash/quarantine" : "", r.kept(),
          size(r.keptBytes()), r.liveRuns().isEmpty() ? "" : "; running now: " + String.join(", ", r.liveRuns()));
      console.out().flush();
      return ExitCodes.OK;
    }

    static Duration age(String text) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)([hdw])").matcher(text.strip());
      if (!m.matches()) {
        throw new IllegalArgumentException("--keep-newer-than must be a number of hours, days or weeks (36h, 7d, 2w),"
            + " got '" + text + "'");
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofDays(7 * n);
      };
    }
  }

  /** {@code constcl store du}: where the store's bytes are. */
  @Command(name = "du", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Bytes of the store's artifacts per stage kind, per experiment and per run (an artifact shared by"
          + " several runs counts in each; 'built' counts it in the run that built it), and what no run names."})
  static final class Du implements Callable<Integer> {
    @picocli.CommandLine.Mixin StoreOption store;

    private final Console console;

    @Inject
    Du(Console console) {
      this.console = console;
    }

    @Override
    public Integer call() {
      ArtifactStore s = store.open();
      StoreUsage.Report r = StoreUsage.of(s);
      java.io.PrintWriter out = console.out();
      out.printf(Locale.ROOT, "store %s: %d artifacts, %s%n", s.root(), r.total().artifacts(), size(r.total().bytes()));
      out.println("by stage kind:");
      r.byKind().forEach((k, u) -> out.printf(Locale.ROOT, "  %-22s %5d  %10s%n", k, u.artifacts(), size(u.bytes())));
      out.println("by experiment (artifacts its runs used):");
      r.byExperiment().forEach((k, u) -> out.printf(Locale.ROOT, "  %-22s %5d  %10s%n", k, u.artifacts(), size(u.bytes())));
      out.println("by run (used / built):");
      for (StoreUsage.RunUsage u : r.byRun()) {
        out.printf(Locale.ROOT, "  %-40s %5d  %10s / %5d  %10s  %s%n", u.id(), u.referenced().artifacts(),
            size(u.referenced().bytes()), u.built().artifacts(), size(u.built().bytes()), u.live() ? "running" : u.status());
      }
      out.printf(Locale.ROOT, "named by no run: %d artifacts, %s%n", r.unreferenced().artifacts(), size(r.unreferenced().bytes()));
      r.otherFolders().forEach((k, b) -> out.printf(Locale.ROOT, "%s/: %s%n", k, size(b)));
      r.problems().forEach(p -> out.println("warning: " + p));
      out.flush();
      return ExitCodes.OK;
    }
  }

  static String size(long bytes) {
    if (bytes >= 1L << 30) {
      return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    }
    if (bytes >= 1L << 20) {
      return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
    return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
  }
}
