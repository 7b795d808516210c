package org.constcl.workflows.stage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.constcl.workflows.engine.RunOptions;
import org.constcl.workflows.experiment.FormatParts;
import org.constcl.workflows.plan.StageInstance;
import org.constcl.workflows.store.Artifact;

/**
 * A kind of stage the engine can plan, cache and run: its name, the code its cache key covers,
 * its part of the experiment format, its inputs, the {@code constcl} command that builds an
 * instance in a child JVM, its resources and its typed result. Stages are registered with a Guice
 * Multibinder ({@code StagesModule}) and read from the {@link StageRegistry} by the planner, the
 * schema, the runner and the report.
 */
public interface Stage {
  /** Its name, resource, fingerprint modules, command, inputs and done marker. */
  StageInfo info();

  /** The kind's name, e.g. {@code train}. */
  default String kind() {
    return info().kind();
  }

  /** What a running instance occupies. */
  default Resource resource() {
    return info().resource();
  }

  /** Adds the stage's keys and rules to the experiment format. */
  default void contribute(FormatParts parts) {}

  /**
   * The arguments after {@code constcl} that build {@code instance} into {@code work}.
   *
   * @param inputs upstream artifacts by input name
   * @param scratch a folder beside {@code work} for files the command reads (deleted after a commit)
   */
  List<String> arguments(StageInstance instance, Map<String, Artifact> inputs, Path work, Path scratch, RunOptions run)
      throws IOException;

  /**
   * Processes one instance runs in: 1, or N for a training over N workers ({@code distribute.workers: N}),
   * which a Flink cluster starts together as one stage job.
   */
  default int workers(StageInstance instance) {
    return 1;
  }

  /**
   * The arguments after {@code constcl} of workers 1..N-1 ({@code {task}} stands for the index), after
   * {@link #arguments} wrote what they read into {@code scratch}; worker 0 runs {@link #arguments}.
   */
  default List<String> workerArguments(StageInstance instance, Path scratch) {
    return List.of();
  }

  /** The numbers a built artifact reports. */
  StageResult result(Path artifact) throws IOException;
}
