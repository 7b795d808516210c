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
  /** The kind's name: the store's folder, the manifest's {@code kind}, e.g. {@code train}. */
  String kind();

  /** What a running instance occupies. */
  Resource resource();

  /** Whether a killed instance continues from its work folder (checkpoints) rather than starting over. */
  boolean resumable();

  /** constcl modules whose classes the stage runs ({@code org/constcl/<module>/}): its code fingerprint. */
  List<String> modules();

  /** Simple name of the {@code workflows.cli} command class (with its nested classes) the stage runs. */
  String command();

  /** Names of the inputs an instance may have (upstream artifacts or files outside the store). */
  List<String> inputs();

  /** The file the command writes last: its presence says the stage finished. */
  String doneMarker();

  /** Whether the command creates its output folder itself (the engine then creates only the parent). */
  default boolean createsOutputFolder() {
    return false;
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

  /** The numbers a built artifact reports. */
  StageResult result(Path artifact) throws IOException;
}
