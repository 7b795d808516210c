package org.constcl.workflows.inject;

import com.google.inject.AbstractModule;
import org.constcl.workflows.console.Console;

/**
 * Wiring of the command-line tool. Commands are created by Guice (constructor injection), so a
 * test can swap any binding, e.g. a {@link Console} that captures output.
 */
public final class ConstclModule extends AbstractModule {
  private final Console console;

  public ConstclModule(Console console) {
    this.console = console;
  }

  @Override
  protected void configure() {
    bind(Console.class).toInstance(console);
    install(new StagesModule());
  }
}
