package org.constcl.transforms.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoInputsTest {
  @TempDir Path dir;

  @BeforeEach
  void files() throws Exception {
    Files.createDirectories(dir.resolve("sub/deeper"));
    for (String f : List.of("b.MP4", "a.avi", "notes.txt", "sub/c.mov", "sub/deeper/d.webm", "sub/e.jpg")) {
      Files.writeString(dir.resolve(f), "x");
    }
  }

  @Test
  void aFolderIsSearchedRecursivelyByVideoExtension() throws Exception {
    List<VideoSource> s = VideoInputs.resolve(dir.toString(), null);
    assertThat(s).extracting(VideoSource::videoId)
        .containsExactly("a.avi", "b.MP4", "sub/c.mov", "sub/deeper/d.webm");
    assertThat(s.get(0).path()).isEqualTo(dir.resolve("a.avi").toString());
  }

  @Test
  void aGlobMatchesRelativeToItsFixedPrefix() throws Exception {
    assertThat(VideoInputs.resolve(dir + "/sub/**", null)).extracting(VideoSource::videoId)
        .containsExactly("c.mov", "deeper/d.webm", "e.jpg");
    assertThat(VideoInputs.resolve(dir + "/sub/*/*.webm", null)).extracting(VideoSource::videoId)
        .containsExactly("deeper/d.webm");
    assertThat(VideoInputs.resolve(dir + "/*.avi", null)).extracting(VideoSource::videoId)
        .containsExactly("a.avi");
  }

  @Test
  void aSingleFileIsOneVideo() throws Exception {
    assertThat(VideoInputs.resolve(dir.resolve("a.avi").toString(), null))
        .extracting(VideoSource::videoId).containsExactly("a.avi");
  }

  @Test
  void missingOrEmptyInputsAreErrors() throws Exception {
    assertThatThrownBy(() -> VideoInputs.resolve(dir.resolve("nope").toString(), null))
        .isInstanceOf(InputException.class).hasMessageEndingWith("nope: no such file or directory");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> VideoInputs.resolve(empty.toString(), null))
        .hasMessageContaining("no video files found");
    assertThatThrownBy(() -> VideoInputs.resolve(dir + "/nothere/*.mp4", null))
        .hasMessageContaining("does not exist");
  }

  @Test
  void aClassListNeedsAManifestAndMustBeValid() throws Exception {
    Path classes = Files.writeString(dir.resolve("classes.txt"), "walk\nrun\n");
    assertThatThrownBy(() -> VideoInputs.resolve(dir.toString(), classes))
        .hasMessageContaining("only applies to a manifest");
    Path twice = Files.writeString(dir.resolve("twice.txt"), "walk\nwalk\n");
    Files.writeString(dir.resolve("m.csv"), "a.avi,walk\n");
    assertThatThrownBy(() -> VideoInputs.resolve(dir.resolve("m.csv").toString(), twice))
        .hasMessageContaining("names a class twice");
    assertThat(VideoInputs.resolve(dir.resolve("m.csv").toString(), classes).get(0).labelIndex()).isZero();
  }
}
