package org.constcl.proposal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.constcl.proposal.pipeline.ProposalPipeline;
import org.constcl.proposal.record.BoxRecord;
import org.constcl.proposal.record.BoxRecordAvro;
import org.constcl.proposal.source.ProposalConfig;
import org.constcl.proposal.testing.ClipDatasets;
import org.constcl.transforms.beam.RunnerSettings;
import org.constcl.transforms.io.ShardFileWriter;
import org.constcl.transforms.record.AvroBytes;
import org.constcl.transforms.record.ClipRecord;
import org.constcl.transforms.summary.SummaryFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alignment check readers rely on, against box datasets that are subtly wrong. */
class ShardAlignmentTest {
  @TempDir Path dir;
  Path clips;
  Path boxes;

  @BeforeEach
  void proposeRandomBoxes() throws Exception {
    clips = ClipDatasets.mixed();
    boxes = dir.resolve("boxes");
    ProposalPipeline.run(RunnerSettings.direct().toOptions("t"), ProposalConfig.builder("random").build(), clips, boxes, false);
  }

  @Test
  void pairsStreamInLockstep() throws Exception {
    List<String> seen = new ArrayList<>();
    ShardAlignment.forEachPair(clips, boxes, (ClipRecord c, BoxRecord b) -> {
      assertThat(b.clipId()).isEqualTo(c.clipId());
      assertThat(b.numFrames()).isEqualTo(c.numFrames());
      assertThat(b.width()).isEqualTo(c.width());
      seen.add(c.clipId());
    });
    assertThat(seen).hasSize(ClipDatasets.records(clips).size());
  }

  @Test
  void swappedRowsAreFound() throws Exception {
    Path shard = BoxDatasetReader.shards(boxes).stream()
        .filter(p -> {
          try {
            List<BoxRecord> rows = new ArrayList<>();
            BoxDatasetReader.forEachInShard(p, rows::add);
            return rows.size() >= 2;
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }).findFirst().orElseThrow();
    List<BoxRecord> rows = new ArrayList<>();
    BoxDatasetReader.forEachInShard(shard, rows::add);
    java.util.Collections.swap(rows, 0, 1);
    Files.delete(shard);
    try (ShardFileWriter w = new ShardFileWriter(boxes.toString(), shard.getFileName().toString(), BoxRecordAvro.SCHEMA)) {
      for (BoxRecord r : rows) {
        w.writeEncoded(AvroBytes.encode(BoxRecordAvro.SCHEMA, BoxRecordAvro.toAvro(r)));
      }
      w.finish();
    }
    assertThatThrownBy(() -> ShardAlignment.verify(clips, boxes))
        .isInstanceOf(MisalignedDatasetException.class)
        .hasMessageContaining(shard.getFileName().toString())
        .hasMessageContaining("row 0 holds clip " + rows.get(1).clipId() + " but box record " + rows.get(0).clipId());
    assertThatThrownBy(() -> ShardAlignment.forEachPair(clips, boxes, (c, b) -> {}))
        .isInstanceOf(MisalignedDatasetException.class).hasMessageContaining("row 0");
  }

  @Test
  void boxesOfAnotherClipDatasetAreRefused() throws Exception {
    assertThatThrownBy(() -> ShardAlignment.verify(ClipDatasets.vtest(), boxes))
        .isInstanceOf(MisalignedDatasetException.class)
        .hasMessageContaining("was computed from another clip dataset");
  }

  @Test
  void aMissingShardIsFound() throws Exception {
    Files.delete(BoxDatasetReader.shards(boxes).get(1));
    assertThatThrownBy(() -> ShardAlignment.verify(clips, boxes))
        .isInstanceOf(MisalignedDatasetException.class).hasMessageContaining("has shards");
  }

  @Test
  void aClipDatasetIsNotABoxDataset() throws Exception {
    Path fake = Files.createDirectories(dir.resolve("fake"));
    Files.copy(clips.resolve(SummaryFiles.FILE_NAME), fake.resolve(SummaryFiles.FILE_NAME));
    assertThatThrownBy(() -> ShardAlignment.verify(clips, fake)).hasMessageContaining("is not a box dataset");
  }
}
