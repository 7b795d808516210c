package org.constcl.transforms.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {
  @TempDir Path dir;

  private Path manifest(String text) throws IOException {
    return Files.writeString(dir.resolve("m.csv"), text);
  }

  @Test
  void readsPositionalRowsResolvingPathsAgainstTheManifestFolder() throws Exception {
    List<VideoSource> s = ManifestReader.read(manifest(
        "# a comment\n"
            + "clips/a.mp4\n"
            + "./b.avi,walk\n"
            + "c.mov,run,test\n"
            + "\n"
            + "d.mp4,walk,train,1.5,3\n"), null);
    assertThat(s).extracting(VideoSource::videoId).containsExactly("clips/a.mp4", "b.avi", "c.mov", "d.mp4");
    assertThat(s.get(0).path()).isEqualTo(dir.resolve("clips/a.mp4").toString());
    assertThat(s.get(0).label()).isNull();
    assertThat(s.get(1).label()).isEqualTo("walk");
    assertThat(s.get(2).split()).isEqualTo("test");
    assertThat(s.get(3).startSec()).isEqualTo(1.5);
    assertThat(s.get(3).endSec()).isEqualTo(3.0);
    // labels sorted: run=0, walk=1
    assertThat(s).extracting(VideoSource::labelIndex).containsExactly(null, 1, 0, 1);
  }

  @Test
  void readsAHeaderWithColumnsInAnyOrderAndQuotedFields() throws Exception {
    List<VideoSource> s = ManifestReader.read(manifest(
        "path,split,label\n\"my, video.mp4\",val,\"say \"\"hi\"\"\"\n"), null);
    assertThat(s).hasSize(1);
    assertThat(s.get(0).videoId()).isEqualTo("my, video.mp4");
    assertThat(s.get(0).label()).isEqualTo("say \"hi\"");
    assertThat(s.get(0).split()).isEqualTo("val");
  }

  @Test
  void aClassListFixesLabelIndices() throws Exception {
    List<VideoSource> s = ManifestReader.read(manifest("a.mp4,walk\nb.mp4,run\n"), List.of("walk", "jump", "run"));
    assertThat(s).extracting(VideoSource::labelIndex).containsExactly(0, 2);
    assertThatThrownBy(() -> ManifestReader.read(manifest("a.mp4,swim\n"), List.of("walk")))
        .hasMessageEndingWith("m.csv:1: label 'swim' is not in the class list");
  }

  @Test
  void theSamePathWithSeveralRangesGetsDistinctIds() throws Exception {
    List<VideoSource> s = ManifestReader.read(manifest("v.mp4,a,,0,10\nv.mp4,b,,10,20.5\n"), null);
    assertThat(s).extracting(VideoSource::videoId).containsExactly("v.mp4@0-10", "v.mp4@10-20.5");
  }

  @Test
  void reportsEachProblemWithFileAndLine() throws Exception {
    assertThatThrownBy(() -> ManifestReader.read(manifest("a.mp4\nb.mp4,x,y,1\n"), null))
        .isInstanceOf(InputException.class)
        .hasMessageEndingWith("m.csv:2: 4 fields; expected path[,label][,split][,start_sec,end_sec] (1, 2, 3 or 5 fields)");
    assertThatThrownBy(() -> ManifestReader.read(manifest("a.mp4,x,y,one,2\n"), null))
        .hasMessageEndingWith("m.csv:1: start_sec 'one' is not a number");
    assertThatThrownBy(() -> ManifestReader.read(manifest("a.mp4,x,y,3,2\n"), null))
        .hasMessageEndingWith("m.csv:1: end_sec 2 is not after start_sec 3");
    assertThatThrownBy(() -> ManifestReader.read(manifest("a.mp4,x,y,-1,2\n"), null))
        .hasMessageContaining("non-negative");
    assertThatThrownBy(() -> ManifestReader.read(manifest("a.mp4\n./a.mp4\n"), null))
        .hasMessageEndingWith("m.csv:2: duplicate entry for a.mp4 (first on line 1)");
    assertThatThrownBy(() -> ManifestReader.read(manifest("\"a.mp4,x\n"), null))
        .hasMessageEndingWith("m.csv:1: unterminated quoted field");
    assertThatThrownBy(() -> ManifestReader.read(manifest("path,labels\na.mp4,x\n"), null))
        .hasMessageContaining("m.csv:1: unknown column 'labels'");
    assertThatThrownBy(() -> ManifestReader.read(manifest(",x\n"), null))
        .hasMessageEndingWith("m.csv:1: the path is empty");
    assertThatThrownBy(() -> ManifestReader.read(manifest("# only comments\n"), null))
        .hasMessageEndingWith("m.csv: the manifest lists no videos");
  }

  @Test
  void anUnreadableManifestIsAnInputError() throws Exception {
    assertThatThrownBy(() -> ManifestReader.read(dir.resolve("missing.csv"), null))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("missing.csv: manifest not found");
    Path binary = Files.write(dir.resolve("bin.csv"), new byte[] {(byte) 0xC3, (byte) 0x28, 10});
    assertThatThrownBy(() -> ManifestReader.read(binary, null)).hasMessageContaining("not UTF-8");
    Files.writeString(dir.resolve("bom.csv"), "\uFEFFa.mp4\n", StandardCharsets.UTF_8);
    assertThat(ManifestReader.read(dir.resolve("bom.csv"), null).get(0).videoId()).isEqualTo("a.mp4");
  }
}
