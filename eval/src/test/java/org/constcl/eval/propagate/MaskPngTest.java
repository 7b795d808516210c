package org.constcl.eval.propagate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DAVIS annotation PNGs: every palette index written reads back exactly, with DAVIS's colours. */
class MaskPngTest {
  @TempDir Path dir;

  @Test
  void everyIndexReadsBackExactly() throws Exception {
    byte[] labels = new byte[16 * 16];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (byte) i; // 0..255, void included
    }
    Path file = dir.resolve("00000.png");
    MaskPng.write(file, new LabelMap(16, 16, labels));
    LabelMap back = MaskPng.read(file);
    assertThat(back.width()).isEqualTo(16);
    assertThat(back.height()).isEqualTo(16);
    assertThat(back.labels()).containsExactly(labels);
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image.getColorModel()).isInstanceOf(IndexColorModel.class);
    IndexColorModel palette = (IndexColorModel) image.getColorModel();
    // DAVIS's first colours: black, dark red, dark green, olive, navy; 255 is void.
    assertThat(rgb(palette, 0)).containsExactly(0, 0, 0);
    assertThat(rgb(palette, 1)).containsExactly(128, 0, 0);
    assertThat(rgb(palette, 2)).containsExactly(0, 128, 0);
    assertThat(rgb(palette, 3)).containsExactly(128, 128, 0);
    assertThat(rgb(palette, 4)).containsExactly(0, 0, 128);
    assertThat(rgb(palette, 255)).containsExactly(224, 224, 192);
  }

  private static int[] rgb(IndexColorModel m, int i) {
    return new int[] {m.getRed(i), m.getGreen(i), m.getBlue(i)};
  }

  @Test
  void grayscaleLabelsAreReadToo() throws Exception {
    BufferedImage gray = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
    gray.getRaster().setSample(1, 1, 0, 2);
    Path file = dir.resolve("gray.png");
    ImageIO.write(gray, "png", file.toFile());
    assertThat(MaskPng.read(file).labels()).containsExactly(0, 0, 0, 0, 2, 0);
  }

  @Test
  void colourImagesAndOtherFilesAreRefusedByName() throws Exception {
    BufferedImage rgb = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    Path colour = dir.resolve("colour.png");
    ImageIO.write(rgb, "png", colour.toFile());
    assertThatThrownBy(() -> MaskPng.read(colour)).hasMessageContaining(colour.toString())
        .hasMessageContaining("palette (indexed) or 8-bit grayscale");
    Path text = dir.resolve("notes.png");
    Files.writeString(text, "not an image");
    assertThatThrownBy(() -> MaskPng.read(text)).hasMessageContaining(text.toString()).hasMessageContaining("not a readable PNG");
    assertThatThrownBy(() -> MaskPng.read(dir.resolve("missing.png"))).hasMessageContaining("missing.png: annotation file missing");
  }
}
