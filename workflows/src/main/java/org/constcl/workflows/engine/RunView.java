package org.constcl.workflows.engine;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.constcl.workflows.plan.Plan;
import org.constcl.workflows.plan.StageInstance;

/**
 * The terminal view of a run: on a terminal, the tree of cells and their stages with state, cache
 * hits and ETA, redrawn in place; elsewhere (logs, CI), one line per state change. Both end with
 * the final tree.
 */
public final class RunView {
  private final PrintWriter out;
  private final boolean interactive;
  private final long start = System.nanoTime();
  private int drawnLines;

  public RunView(PrintWriter out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  /** A state changed. */
  synchronized void changed(InstanceState s, Plan plan, Map<String, InstanceState> states) {
    if (!interactive) {
      out.printf(Locale.ROOT, "[%6.1fs] %s %-9s %s%s%n", elapsed(), s.phase.symbol, s.phase.name().toLowerCase(),
          s.instance.label(), s.reason.isEmpty() ? "" : "  (" + s.reason + ")");
      out.flush();
    } else {
      redraw(plan, states);
    }
  }

  /** Periodic refresh (running times, ETA) on a terminal. */
  /** A line of its own (a warning that does not fail the run). */
  synchronized void note(String line) {
    out.println(line);
    out.flush();
  }

  synchronized void tick(Plan plan, Map<String, InstanceState> states) {
    if (interactive) {
      redraw(plan, states);
    }
  }

  synchronized void finish(Plan plan, Map<String, InstanceState> states) {
    if (interactive) {
      redraw(plan, states);
    } else {
      for (String line : tree(plan, states)) {
        out.println(line);
      }
    }
    out.flush();
  }

  private void redraw(Plan plan, Map<String, InstanceState> states) {
    List<String> lines = tree(plan, states);
    if (drawnLines > 0) {
      out.print("\033[" + drawnLines + "A\033[J");
    }
    lines.forEach(out::println);
    drawnLines = lines.size();
    out.flush();
  }

  List<String> tree(Plan plan, Map<String, InstanceState> states) {
    List<String> lines = new ArrayList<>();
    lines.add(header(plan, states.values()));
    for (var cell : plan.cellRoles().entrySet()) {
      lines.add("cell " + cell.getKey());
      List<Map.Entry<String, StageInstance>> roles = new ArrayList<>(cell.getValue().entrySet());
      for (int r = 0; r < roles.size(); r++) {
        InstanceState s = states.get(roles.get(r).getValue().key());
        String branch = r == roles.size() - 1 ? "└─ " : "├─ ";
        lines.add(String.format(Locale.ROOT, "  %s%s %-36s %s", branch, s.phase.symbol, s.instance.label(), status(s)));
      }
    }
    return lines;
  }

  private String status(InstanceState s) {
    return switch (s.phase) {
      case WAITING -> "waiting" + (s.estimate != null ? " (~" + duration(s.estimate) + ")" : "");
      case RUNNING -> "running " + duration((System.nanoTime() - s.startedNanos) / 1e9)
          + (s.estimate != null ? " of ~" + duration(s.estimate) : "");
      case CACHED -> "cached";
      case BUILT -> "built in " + duration(s.seconds);
      case FAILED -> "FAILED: " + s.reason;
      case SKIPPED -> "skipped: " + s.reason;
    };
  }

  private String header(Plan plan, Collection<InstanceState> states) {
    long cached = states.stream().filter(s -> s.phase == InstanceState.Phase.CACHED).count();
    long built = states.stream().filter(s -> s.phase == InstanceState.Phase.BUILT).count();
    long running = states.stream().filter(s -> s.phase == InstanceState.Phase.RUNNING).count();
    long failed = states.stream().filter(s -> s.phase == InstanceState.Phase.FAILED).count();
    long waiting = states.stream().filter(s -> s.phase == InstanceState.Phase.WAITING).count();
    return String.format(Locale.ROOT, "%s: %d cells, %d stages — %d cached, %d built, %d running, %d waiting, %d failed;"
            + " %s elapsed%s", plan.experiment().name(), plan.cells().size(), states.size(), cached, built, running, waiting,
        failed, duration(elapsed()), eta(states));
  }

  /** Remaining estimated time: the larger of the Beam and TensorFlow queues (they run side by side). */
  static String eta(Collection<InstanceState> states) {
    double beam = 0;
    double tf = 0;
    boolean unknown = false;
    for (InstanceState s : states) {
      if (s.phase.done()) {
        continue;
      }
      if (s.estimate == null) {
        unknown = true;
        continue;
      }
      double left = s.phase == InstanceState.Phase.RUNNING
          ? Math.max(0, s.estimate - (System.nanoTime() - s.startedNanos) / 1e9) : s.estimate;
      if (s.instance.stage().resource() == org.constcl.workflows.stage.Resource.TENSORFLOW) {
        tf += left;
      } else {
        beam += left;
      }
    }
    double eta = Math.max(beam, tf);
    if (eta == 0 && !unknown) {
      return "";
    }
    return ", ETA " + (eta > 0 ? duration(eta) : "") + (unknown ? (eta > 0 ? " + " : "") + "unknown" : "");
  }

  private double elapsed() {
    return (System.nanoTime() - start) / 1e9;
  }

  static String duration(double s) {
    long t = Math.round(s);
    return t < 60 ? t + "s" : t < 3600 ? (t / 60) + "m" + String.format(Locale.ROOT, "%02d", t % 60) + "s"
        : (t / 3600) + "h" + String.format(Locale.ROOT, "%02d", (t % 3600) / 60) + "m";
  }
}
