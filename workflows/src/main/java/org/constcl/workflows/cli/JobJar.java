package org.constcl.workflows.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the jar a Flink cluster needs staged: the pipeline job jar ({@code constcl-job.jar}, no
 * TensorFlow) beside the jar constcl runs from, or that jar itself.
 */
public final class JobJar {
  /** File name of the pipeline job jar the build writes beside {@code constcl.jar}. */
  public static final String JOB_JAR = "constcl-job.jar";

  private JobJar() {}

  /** The jar to stage for pipeline jobs, if constcl runs from a jar. */
  public static Optional<Path> forPipelines() {
    return current().map(jar -> {
      Path job = jar.resolveSibling(JOB_JAR);
      return Files.isRegularFile(job) ? job : jar;
    });
  }

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
