package org.constcl.workflows.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.constcl.workflows.plan.CanonicalJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Equal keys with different outputs: what the comparison can say about why. */
class ManifestComparisonTest {
  @TempDir Path dir;

  /** A one-cell manifest whose training (key {@code k}) was built or cached with {@code digest}, on {@code cores} cores. */
  private ManifestFile manifest(String name, String status, String digest, int cores) throws Exception {
    String key = "7".repeat(64);
    String json = """
        {"run": "%s",
         "environment": {"java": {"version": "17.0.15"}, "cpu": {"model": "AMD EPYC", "cores": %d}, "gpu": "none",
                         "project": {"commit": "%s"}},
         "cells": [{"id": "seed=1", "config": {"pretrain": {"train": {"steps": 1}}}, "stages": {"train": "%s"}}],
         "instances": {"%s": {"kind": "train", "label": "train samples", "status": "%s",
                              "artifact": {"digest": "%s"}, "metrics": {}}}}
        """.formatted(name, cores, name, key, key, status, digest);
    Path file = dir.resolve(name + ".json");
    Files.writeString(file, json);
    return ManifestFile.read(file.toString());
  }

  private static String note(JsonNode comparison) {
    return comparison.get("cells").get(0).get("stages").get(0).get("note").asText();
  }

  @Test
  void anOutputBuiltOnTwoMachinesSaysWhichWaysTheMachinesDiffer() throws Exception {
    JsonNode c = new ManifestComparison(manifest("a", "built", "a".repeat(64), 2), manifest("b", "built", "b".repeat(64), 4),
        false).compare();
    assertThat(c.get("cells").get(0).get("stages").get(0).get("status").asText()).isEqualTo("same key, different output");
    assertThat(note(c)).isEqualTo("artifact digests aaaaaaaaaaaa vs bbbbbbbbbbbb: each run built it, on different machines"
        + " (cpu.cores: 2 -> 4); floating-point results depend on the CPU's kernels and thread count (a training's"
        + " train.threads: 0 takes one per core)");
  }

  @Test
  void onOneMachineOrFromTheCacheItSaysWhatItCannotTellApart() throws Exception {
    // Same machine (the commits differ, which the key already covers): the stage itself is not deterministic.
    assertThat(note(new ManifestComparison(manifest("a", "built", "a".repeat(64), 2),
        manifest("b", "built", "b".repeat(64), 2), false).compare()))
        .endsWith(": the stage is not deterministic, or one artifact was rebuilt");
    // A cached artifact was built by some earlier run, whose machine this manifest does not name.
    assertThat(note(new ManifestComparison(manifest("a", "built", "a".repeat(64), 2),
        manifest("b", "cached", "b".repeat(64), 4), false).compare()))
        .endsWith(": the stage is not deterministic, or one artifact was rebuilt");
  }
}
