package org.constcl.workflows.plan;

import java.util.List;

/**
 * The stage kinds the engine can run, each a constcl command in a child JVM. Only kinds whose
 * command exists are listed; a kind's modules are what its code fingerprint covers.
 */
public enum StageKind {
  INGEST("ingest", Resource.BEAM, false, List.of("transforms"), "IngestCommand"),
  PROPOSALS("proposals", Resource.BEAM, false, List.of("transforms", "proposal"), "ProposalsCommand"),
  DATASET_MAKE("dataset-make", Resource.LOCAL, false, List.of("transforms", "eval"), "DatasetsCommand"),
  DATASET_INGEST("dataset-ingest", Resource.BEAM, false, List.of("transforms", "eval"), "DatasetsCommand"),
  TRAIN("train", Resource.TENSORFLOW, true, List.of("transforms", "tfmodel"), "TrainCommand"),
  EVAL("eval", Resource.TENSORFLOW, true, List.of("transforms", "tfmodel", "eval"), "EvalClassifyCommand"),
  EVAL_AVA("eval-ava", Resource.TENSORFLOW, false, List.of("transforms", "tfmodel", "eval"), "EvalAvaCommand"),
  EVAL_TRACK("eval-track", Resource.TENSORFLOW, false, List.of("transforms", "tfmodel", "eval"), "EvalTrackCommand");

  /** What a running instance occupies; the runner limits each separately. */
  public enum Resource { BEAM, TENSORFLOW, LOCAL }

  private final String id;
  private final Resource resource;
  private final boolean resumable;
  private final List<String> modules;
  private final String command;

  StageKind(String id, Resource resource, boolean resumable, List<String> modules, String command) {
    this.id = id;
    this.resource = resource;
    this.resumable = resumable;
    this.modules = modules;
    this.command = command;
  }

  public String id() {
    return id;
  }

  public Resource resource() {
    return resource;
  }

  /** Whether a killed instance continues from its work folder (checkpoints) rather than starting over. */
  public boolean resumable() {
    return resumable;
  }

  /** constcl modules whose classes the stage runs (org/constcl/&lt;module&gt;/). */
  public List<String> modules() {
    return modules;
  }

  /** Simple name of the CLI command class (with its nested classes) the stage runs. */
  public String command() {
    return command;
  }
}
