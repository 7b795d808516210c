package org.constcl.workflows.stage;

import com.google.inject.Guice;
import org.constcl.workflows.inject.StagesModule;

/** The stage registry as the command line wires it, for tests that plan or load experiments. */
public final class TestStages {
  private static StageRegistry registry;

  private TestStages() {}

  public static synchronized StageRegistry registry() {
    if (registry == null) {
      registry = Guice.createInjector(new StagesModule()).getInstance(StageRegistry.class);
    }
    return registry;
  }
}
