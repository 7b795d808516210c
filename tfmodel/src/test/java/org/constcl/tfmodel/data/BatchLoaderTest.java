package org.constcl.tfmodel.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.constcl.proposal.io.MisalignedDatasetException;
import org.constcl.proposal.pipeline.ProposalPipeline;
import org.constcl.proposal.source.ProposalConfig;
import org.constcl.proposal.source.RandomBoxGenerator;
import org.constcl.proposal.testing.ClipDatasets;
import org.constcl.transforms.beam.RunnerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The loader on real clip records: determinism, resumption, skips, box datasets, bad datasets. */
@Timeout(300)
class BatchLoaderTest {
  @TempDir Path dir;

  static DataSettings settings(int threads, boolean boxes) {
    return new DataSettings(4, 2, 32, 3, 4, 42, threads, 2, 8, boxes,
        RandomBoxGenerator.reference(RandomBoxGenerator.Placement.REFERENCE).withBoxes(4), AugmentSettings.reference(), true);
  }

  private static List<LoadedBatch> batches(ClipIndex index, DataSettings s, long start, int n) throws Exception {
    List<LoadedBatch> out = new ArrayList<>();
    try (BatchLoader loader = new BatchLoader(index, s, start)) {
      for (int i = 0; i < n; i++) {
        out.add(loader.next());
      }
    }
    return out;
  }

  private static void assertSame(LoadedBatch a, LoadedBatch b) {
    assertThat(a.batch().clips()).isEqualTo(b.batch().clips());
    assertThat(a.batch().boxes()).isEqualTo(b.batch().boxes());
    assertThat(a.batch().masks()).isEqualTo(b.batch().masks());
    assertThat(a.nextPosition()).isEqualTo(b.nextPosition());
  }

  @Test
  void batchesDoNotDependOnTheThreadCountAndResumeExactly() throws Exception {
    ClipIndex index = ClipIndex.open(ClipDatasets.mixed(), null);
    List<LoadedBatch> one = batches(index, settings(1, false), 0, 4);
    List<LoadedBatch> three = batches(index, settings(3, false), 0, 4);
    for (int i = 0; i < 4; i++) {
      assertSame(one.get(i), three.get(i));
    }
    // Starting where batch 1 ended gives batches 2 and 3 again.
    List<LoadedBatch> resumed = batches(index, settings(2, false), one.get(1).nextPosition(), 2);
    assertSame(resumed.get(0), one.get(2));
    assertSame(resumed.get(1), one.get(3));
    // Views and boxes are filled: pixels vary, random boxes are all valid.
    LoadedBatch b = one.get(0);
    assertThat(b.batch().clips()).hasSize(6 * 4 * 32 * 32 * 3);
    assertThat(new HashSet<>(asList(b.batch().clips())).size()).isGreaterThan(100);
    for (float m : b.batch().masks()) {
      assertThat(m).isEqualTo(1f);
    }
  }

  @Test
  void aLoaderWithAnEndMakesTheSameBatchesAndNoClipBeyondThem() throws Exception {
    ClipIndex index = ClipIndex.open(ClipDatasets.mixed(), null);
    DataSettings s = settings(2, false);
    List<LoadedBatch> open = batches(index, s, 0, 3);
    try (BatchLoader loader = new BatchLoader(index, s, 0, 2)) {
      assertSame(loader.next(), open.get(0));
      assertSame(loader.next(), open.get(1));
      assertThatThrownBy(loader::next).isInstanceOf(IllegalStateException.class).hasMessageContaining("every batch");
      assertThat(loader.clipsRead()).as("two batches of 3 clips, none skipped").isEqualTo(6);
    }
    // From a resumed position too.
    try (BatchLoader loader = new BatchLoader(index, s, open.get(1).nextPosition(), 1)) {
      assertSame(loader.next(), open.get(2));
    }
  }

  @Test
  void everyEpochVisitsEveryClipOnceInItsOwnOrder() throws Exception {
    ClipIndex index = ClipIndex.open(ClipDatasets.mixed(), null);
    SampleOrder order = new SampleOrder(index, 9, 4);
    int n = index.size();
    List<Integer> first = new ArrayList<>();
    List<Integer> second = new ArrayList<>();
    for (int p = 0; p < 2 * n; p++) {
      (p < n ? first : second).add(order.clipAt(p));
    }
    assertThat(new HashSet<>(first)).hasSize(n);
    assertThat(new HashSet<>(second)).hasSize(n);
    assertThat(second).isNotEqualTo(first);
    assertThat(new SampleOrder(index, 9, 4).clipAt(n + 3)).isEqualTo(second.get(3));
  }

  @Test
  void clipsWithCorruptFramesAreSkippedAndCounted() throws Exception {
    Path damaged = ClipDatasets.copyWithAllFramesDamaged(ClipDatasets.mixed(), dir.resolve("clips"), "g1.avi#0");
    ClipIndex index = ClipIndex.open(damaged, null);
    DataSettings s = settings(2, false);
    int clips = index.size();
    try (BatchLoader loader = new BatchLoader(index, s, 0)) {
      int skipped = 0;
      // Two epochs' worth of batches: g1.avi#0 comes up at least once.
      for (int i = 0; i < 2 * clips / 3 + 1; i++) {
        skipped += loader.next().skipped();
      }
      assertThat(skipped).isPositive();
      assertThat(loader.skips()).containsOnlyKeys("corrupt_jpeg");
    }
  }

  @Test
  void boxesFromABoxDatasetAreCarriedIntoTheViews() throws Exception {
    Path clips = ClipDatasets.mixed();
    Path boxes = dir.resolve("graph");
    ProposalPipeline.run(RunnerSettings.direct().toOptions("t"), ProposalConfig.builder("graph").frameStride(4).build(),
        clips, boxes, false);
    ClipIndex index = ClipIndex.open(clips, boxes);
    LoadedBatch b = batches(index, settings(2, true), 0, 1).get(0);
    float valid = 0;
    for (float m : b.batch().masks()) {
      valid += m;
    }
    // Graph segments give up to 16 boxes per frame; crops drop some, and 4 slots are kept.
    assertThat(valid).isGreaterThan(6);
    float[] bx = b.batch().boxes();
    for (int i = 0; i < b.batch().masks().length; i++) {
      if (b.batch().masks()[i] == 1f) {
        assertThat(bx[4 * i + 2]).isGreaterThan(bx[4 * i]);
        assertThat(bx[4 * i + 3]).isGreaterThan(bx[4 * i + 1]);
      }
    }
    assertThatThrownBy(() -> ClipIndex.open(ClipDatasets.vtest(), boxes)).isInstanceOf(MisalignedDatasetException.class);
  }

  @Test
  void missingAndEmptyDatasetsAreNamed() throws Exception {
    assertThatThrownBy(() -> ClipIndex.open(dir.resolve("nothing"), null)).hasMessageContaining("does not exist");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> ClipIndex.open(empty, null)).hasMessageContaining("not a finished dataset");
  }

  private static List<Byte> asList(byte[] b) {
    List<Byte> l = new ArrayList<>(b.length);
    for (byte x : b) {
      l.add(x);
    }
    return l;
  }
}
