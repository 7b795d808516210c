package org.constcl.workflows.cli;

import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.options.PipelineOptions;
import org.constcl.transforms.beam.RunnerSettings;
import org.constcl.workflows.console.CliException;

/**
 * Turns runner options into Beam pipeline options, adding what a cluster run needs (the shaded
 * jar staged) and reporting invalid combinations as usage errors before anything starts.
 */
public class PipelineLauncher {
  private static final java.util.regex.Pattern UNKNOWN_PROPERTY =
      java.util.regex.Pattern.compile("missing a property named '([^']+)'");

  @Inject
  PipelineLauncher() {}

  /** Validated pipeline options for a job called {@code jobName}. */
  public PipelineOptions options(RunnerSettings settings, String jobName) {
    return options(settings, jobName, false);
  }

  /**
   * Validated pipeline options; {@code needsTensorFlow} stages the full jar rather than the
   * TensorFlow-free job jar (pipelines that run a SavedModel on the workers).
   */
  public PipelineOptions options(RunnerSettings settings, String jobName, boolean needsTensorFlow) {
    RunnerSettings s = settings;
    if (!s.isDirect() && !s.inProcess() && s.filesToStage().isEmpty()) {
      Optional<java.nio.file.Path> jar = needsTensorFlow ? JobJar.current() : JobJar.forPipelines();
      if (jar.isEmpty()) {
        throw CliException.usage(
            "--flinkMaster " + s.flinkMaster() + " needs the shaded job jar staged, but constcl is not"
                + " running from one: run java -jar workflows/target/constcl.jar, or pass --filesToStage=<jar>");
      }
      s = new RunnerSettings(s.runner(), s.flinkMaster(), s.parallelism(), List.of(jar.get().toString()), s.extraArgs());
    }
    try {
      return s.toOptions(jobName);
    } catch (IllegalArgumentException e) {
      String message = firstLine(e.getMessage());
      java.util.regex.Matcher m = UNKNOWN_PROPERTY.matcher(message);
      if (m.find()) {
        message = "unknown option --" + m.group(1) + ": neither a constcl option nor a Beam pipeline option";
      }
      throw CliException.usage(message);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "invalid pipeline options";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
