package org.constcl.workflows.bench;

import java.util.concurrent.Callable;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ExitCodes;

/** A {@code constcl bench} verb: it measures, then prints its report (with the ratio to its baseline). */
abstract class BenchVerb implements Callable<Integer> {
  private final Console console;

  BenchVerb(Console console) {
    this.console = console;
  }

  /** Runs the benchmark and returns its report. */
  abstract String measure() throws Exception;

  @Override
  public final Integer call() throws Exception {
    console.out().print(measure());
    console.out().flush();
    return ExitCodes.OK;
  }
}
