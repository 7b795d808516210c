package org.constcl.proposal.source;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** The region sources every {@link RegionSourceProvider} on the class path contributes, by name, in order. */
public final class RegionSources {
  private static volatile Map<String, RegionSourceType> byName;

  private RegionSources() {}

  /** Every registered source. */
  public static List<RegionSourceType> all() {
    return new ArrayList<>(registry().values());
  }

  /** Their names. */
  public static List<String> names() {
    return new ArrayList<>(registry().keySet());
  }

  /** The source called {@code name}; the message lists the valid names otherwise. */
  public static RegionSourceType named(String name) {
    RegionSourceType t = registry().get(name);
    if (t == null) {
      throw new IllegalArgumentException("unknown region source '" + name + "'; choose one of " + String.join(", ", names()));
    }
    return t;
  }

  private static Map<String, RegionSourceType> registry() {
    Map<String, RegionSourceType> m = byName;
    if (m == null) {
      Map<String, RegionSourceType> found = new LinkedHashMap<>();
      for (RegionSourceProvider p : ServiceLoader.load(RegionSourceProvider.class, RegionSources.class.getClassLoader())) {
        for (RegionSourceType t : p.sources()) {
          if (found.putIfAbsent(t.name(), t) != null) {
            throw new IllegalStateException("two region sources are called " + t.name() + " (" + p.getClass().getName() + ")");
          }
        }
      }
      m = Collections.unmodifiableMap(found);
      byName = m;
    }
    return m;
  }
}
