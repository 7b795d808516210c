package org.constcl.eval.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the engine and the command line need to know about a benchmark besides its behaviour: its
 * name and description, its inputs (each with the command-line flag that gives it) and the kind of
 * data each holds, the official layouts it reads in place, whether its dataset is ingested into
 * clips first, whether it runs Beam pipelines or resumes, and the type of its result. Its command
 * ({@code constcl eval <command>}) is a verb where the id is a noun ({@code propagate} for {@code
 * propagation}); the id works as a command alias.
 */
public record ProtocolInfo(String id, String command, String description, List<Input> inputs,
    Map<String, DatasetKind> formats, boolean readsClips, boolean usesBeam, boolean resumable,
    Class<? extends BenchmarkResult> resultType) {

  /**
   * One input folder.
   *
   * @param name {@code dataset} (every protocol) or {@code train} (a separate training set)
   * @param flag its command-line option, e.g. {@code --sequences}
   * @param kind the kind of data it must hold
   * @param required whether a run needs it
   */
  public record Input(String name, String flag, DatasetKind kind, boolean required, String description) {}

  public ProtocolInfo {
    inputs = List.copyOf(inputs);
    formats = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(formats));
  }

  /** The {@code dataset} input's kind. */
  public DatasetKind datasetKind() {
    return input("dataset").kind();
  }

  /** The {@code train} input's kind, or null when the protocol takes no training set. */
  public DatasetKind trainDatasetKind() {
    return inputs.stream().filter(i -> i.name().equals("train")).map(Input::kind).findFirst().orElse(null);
  }

  /** The input called {@code name}. */
  public Input input(String name) {
    return inputs.stream().filter(i -> i.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(id + " takes no input " + name));
  }

  /** A builder for protocol {@code id} whose dataset, given with {@code --dataset}, holds {@code kind}. */
  public static Builder builder(String id, String description, Class<? extends BenchmarkResult> resultType) {
    return new Builder(id, description, resultType);
  }

  /** Collects a protocol's description. */
  public static final class Builder {
    private final String id;
    private final String description;
    private final Class<? extends BenchmarkResult> resultType;
    private String command;
    private final List<Input> inputs = new ArrayList<>();
    private final Map<String, DatasetKind> formats = new LinkedHashMap<>();
    private boolean readsClips;
    private boolean usesBeam;
    private boolean resumable;

    private Builder(String id, String description, Class<? extends BenchmarkResult> resultType) {
      this.id = id;
      this.description = description;
      this.resultType = resultType;
    }

    /** The command's name when it is not the id. */
    public Builder command(String name) {
      command = name;
      return this;
    }

    /** The required {@code dataset} input. */
    public Builder dataset(String flag, DatasetKind kind, String description) {
      inputs.add(new Input("dataset", flag, kind, true, description));
      return this;
    }

    /** The optional {@code train} input (a separate training set). */
    public Builder train(String flag, DatasetKind kind, String description) {
      inputs.add(new Input("train", flag, kind, false, description));
      return this;
    }

    /** An official layout its datasets may be in, read in place. */
    public Builder format(String name, DatasetKind kind) {
      formats.put(name, kind);
      return this;
    }

    /** Its dataset is a labelled clip dataset (the engine ingests an official layout first). */
    public Builder readsClips() {
      readsClips = true;
      return this;
    }

    /** It runs Beam pipelines: runner options apply. */
    public Builder usesBeam() {
      usesBeam = true;
      return this;
    }

    /** A run killed half-way continues from its checkpoints when run again with the same output. */
    public Builder resumable() {
      resumable = true;
      return this;
    }

    public ProtocolInfo build() {
      if (inputs.stream().noneMatch(i -> i.name().equals("dataset"))) {
        throw new IllegalStateException("protocol " + id + " declares no dataset input");
      }
      return new ProtocolInfo(id, command != null ? command : id, description, inputs, formats, readsClips, usesBeam, resumable,
          Objects.requireNonNull(resultType));
    }
  }
}
