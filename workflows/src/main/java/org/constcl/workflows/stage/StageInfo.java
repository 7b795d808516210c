package org.constcl.workflows.stage;

import java.util.List;

/**
 * What the engine needs to know about a stage kind besides its behaviour.
 *
 * @param kind the kind's name: the store's folder, the manifest's {@code kind}, e.g. {@code train}
 * @param resource what a running instance occupies
 * @param resumable whether a killed instance continues from its work folder (checkpoints) rather than starting over
 * @param modules constcl modules whose classes the stage runs ({@code org/constcl/<module>/}): its code fingerprint
 * @param command simple name of the {@code workflows.cli} command class (with its nested classes) it runs
 * @param inputs names of the inputs an instance may have (upstream artifacts or files outside the store)
 * @param doneMarker the file the command writes last: its presence says the stage finished
 * @param createsOutputFolder whether the command creates its output folder itself (the engine creates only the parent)
 */
public record StageInfo(String kind, Resource resource, boolean resumable, List<String> modules, String command,
    List<String> inputs, String doneMarker, boolean createsOutputFolder) {
  public StageInfo {
    modules = List.copyOf(modules);
    inputs = List.copyOf(inputs);
  }
}
