package org.constcl.workflows.console;

import java.io.PrintWriter;

/**
 * Where commands write: results to {@link #out()}, progress and diagnostics to {@link #err()}.
 *
 * @param out standard output
 * @param err standard error
 * @param interactive whether stderr is a terminal (progress redraws one line)
 */
public record Console(PrintWriter out, PrintWriter err, boolean interactive) {}
