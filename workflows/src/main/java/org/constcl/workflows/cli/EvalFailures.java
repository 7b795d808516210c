package org.constcl.workflows.cli;

import java.io.IOException;
import org.constcl.eval.ava.AvaFormatException;
import org.constcl.eval.run.EvalException;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.ExitCodes;

/** How a downstream benchmark command turns failures into exit codes: bad input 2, a failed run 1. */
final class EvalFailures {
  /** A command body. */
  interface Body {
    Integer run() throws IOException, EvalException, AvaFormatException;
  }

  private EvalFailures() {}

  static Integer handle(String what, Body body) throws IOException {
    try {
      return body.run();
    } catch (CliException e) {
      throw e;
    } catch (EvalException e) {
      throw new CliException(e.isUsage() ? ExitCodes.USAGE : ExitCodes.FAILED, e.getMessage(), e);
    } catch (AvaFormatException | IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    } catch (RuntimeException e) {
      throw new CliException(ExitCodes.FAILED, what + " failed: " + CliException.rootMessage(e), e);
    }
  }
}
