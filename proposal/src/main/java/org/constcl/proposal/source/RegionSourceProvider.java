package org.constcl.proposal.source;

import java.util.List;

/**
 * A plug-in that contributes region sources: one class implementing this interface, listed in
 * {@code META-INF/services/org.constcl.proposal.source.RegionSourceProvider}. {@link RegionSources}
 * loads every provider on the class path (on the command line and on Flink workers alike).
 */
public interface RegionSourceProvider {
  /** The sources it contributes, in the order they are listed. */
  List<RegionSourceType> sources();
}
