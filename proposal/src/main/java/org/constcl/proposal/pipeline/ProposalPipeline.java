package org.constcl.proposal.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.constcl.proposal.io.ShardAlignment;
import org.constcl.proposal.source.ProposalConfig;
import org.constcl.transforms.io.DatasetFolder;
import org.constcl.transforms.summary.SummaryFiles;

/**
 * The proposals stage: a clip dataset to a box dataset for one region source. {@link #run}
 * checks the clip dataset, prepares the output folder, runs the pipeline, verifies that the box
 * shards align with the clip shards and returns the box dataset's summary.
 *
 * <pre>{@code
 * ProposalConfig slic = ProposalConfig.builder("slic").build();
 * JsonNode summary = ProposalPipeline.run(RunnerSettings.embeddedFlink().toOptions("proposals"),
 *     slic, Path.of("out/clips"), Path.of("out/boxes/slic"), false);
 * }</pre>
 */
public final class ProposalPipeline {
  private ProposalPipeline() {}

  /**
   * Runs the source over the clip dataset to completion.
   *
   * @throws IOException if the clip dataset is unusable or the output folder cannot be prepared
   * @throws IllegalStateException if the pipeline fails or its output does not align
   */
  public static JsonNode run(PipelineOptions options, ProposalConfig config, Path clipsDir, Path outputDir,
      boolean overwrite) throws IOException {
    ClipDataset clips = ClipDataset.open(clipsDir);
    Path out = outputDir.toAbsolutePath().normalize();
    if (out.equals(Path.of(clips.folder()))) {
      throw new IOException("the box dataset cannot be written into its clip dataset " + out);
    }
    DatasetFolder.prepare(out, overwrite);
    Pipeline p = Pipeline.create(options);
    p.apply("Propose_" + config.source(), ProposeRegions.of(clips, config, out.toString()));
    ProposalProgress.reset();
    PipelineResult.State state = p.run().waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("the proposals pipeline ended in state " + state);
    }
    JsonNode summary = SummaryFiles.read(out);
    if (summary.path("aligned").asBoolean()) {
      ShardAlignment.verify(Path.of(clips.folder()), out);
    }
    return summary;
  }
}
