package org.constcl.transforms.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.constcl.transforms.beam.RunnerSettings;
import org.constcl.transforms.ingest.IngestConfig;
import org.constcl.transforms.ingest.IngestPipeline;
import org.constcl.transforms.input.VideoInputs;
import org.constcl.transforms.record.ClipRecord;
import org.constcl.transforms.testing.TestVideos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one clip-row reader: places from footers, projected columns, and whole records by place, on real shards. */
class ClipRowsTest {
  @TempDir Path dir;

  @Test
  void placesProjectionsAndRecordsAgreeWithTheDatasetReader() throws Exception {
    Path clips = dir.resolve("clips");
    IngestPipeline.run(RunnerSettings.direct().toOptions("t"), VideoInputs.resolve(TestVideos.folder().toString() + "/g?.avi",
        null), IngestConfig.builder().maxSegmentFrames(6).shortSide(64).numShards(2).build(), clips, false);
    List<ClipRecord> all = ClipDatasetReader.readAll(clips);
    assertThat(all).hasSizeGreaterThan(4); // two 16-frame videos in segments of at most 6 frames

    List<ClipRows.Place> places = ClipRows.places(clips);
    assertThat(places).hasSize(all.size());
    assertThat(places.stream().map(ClipRows.Place::shard).distinct()).containsExactly(0, 1);
    List<String> ids = new ArrayList<>();
    List<ClipRows.Place> projected = new ArrayList<>();
    ClipRows.project(clips, List.of("clip_id", "num_frames"), (place, g) -> {
      ids.add(g.get("clip_id").toString());
      projected.add(place);
      assertThat(g.get("frames")).as("frames are not read").isNull();
    });
    assertThat(ids).containsExactlyElementsOf(all.stream().map(ClipRecord::clipId).toList());
    assertThat(projected).isEqualTo(places);
    try (ClipRows.Reader reader = new ClipRows.Reader()) {
      for (int i = places.size() - 1; i >= 0; i--) { // out of order, across both files
        ClipRecord r = reader.read(places.get(i));
        assertThat(r.clipId()).isEqualTo(all.get(i).clipId());
        assertThat(r.frames()).hasSize(all.get(i).frames().size());
      }
      ClipRows.Place p = places.get(0);
      assertThatThrownBy(() -> reader.read(new ClipRows.Place(p.file(), p.shard(), p.rowGroup(), 5, 0)))
          .hasMessageContaining("has no row 5");
    }
    assertThatThrownBy(() -> ClipRows.project(clips, List.of("no_such_column"), (a, b) -> { }))
        .hasMessageContaining("no column no_such_column");
  }
}
