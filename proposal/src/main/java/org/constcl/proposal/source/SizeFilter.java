package org.constcl.proposal.source;

import org.constcl.proposal.record.Box;

/**
 * Keeps boxes whose normalised width and height both lie in {@code [min, max]}: segment boxes
 * that are slivers or span most of the frame carry no region prior.
 */
record SizeFilter(double min, double max) {
  static final String MIN = "min-size";
  static final String MAX = "max-size";

  static SizeFilter from(SourceParams p) {
    p.requireOrdered(MIN, MAX);
    return new SizeFilter(p.number(MIN, 0, 1), p.number(MAX, 0, 1));
  }

  boolean keeps(Box b) {
    // A small tolerance: pixel boxes converted to floats must not fail a bound they meet exactly.
    double eps = 1e-6;
    return b.width() >= min - eps && b.width() <= max + eps && b.height() >= min - eps && b.height() <= max + eps;
  }
}
