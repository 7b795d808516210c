package org.constcl.workflows.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the shaded jar constcl runs from, which a Flink cluster needs staged. */
public final class JobJar {
  private JobJar() {}

  /** The jar holding constcl's classes, if it runs from one. */
  public static Optional<Path> current() {
    try {
      Path p = Path.of(JobJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? Optional.of(p) : Optional.empty();
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      return Optional.empty();
    }
  }
}
