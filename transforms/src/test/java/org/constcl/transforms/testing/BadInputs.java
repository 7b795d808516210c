package org.constcl.transforms.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/** Writes the kinds of broken input the ingest must reject, each to a file named like a video. */
public final class BadInputs {
  private BadInputs() {}

  /** A 0-byte file. */
  public static Path empty(Path dir, String name) throws IOException {
    return Files.write(dir.resolve(name), new byte[0]);
  }

  /** The first {@code fraction} of a real video's bytes. */
  public static Path truncated(Path dir, String name, Path source, double fraction) throws IOException {
    byte[] all = Files.readAllBytes(source);
    byte[] head = new byte[(int) (all.length * fraction)];
    System.arraycopy(all, 0, head, 0, head.length);
    return Files.write(dir.resolve(name), head);
  }

  /** Seeded random bytes. */
  public static Path randomBytes(Path dir, String name, int size, long seed) throws IOException {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return Files.write(dir.resolve(name), b);
  }

  /** A plain text file. */
  public static Path text(Path dir, String name) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      sb.append("this is a text file, not a video, line ").append(i).append('\n');
    }
    return Files.writeString(dir.resolve(name), sb, StandardCharsets.UTF_8);
  }

  /** Two seconds of a 440 Hz tone in AAC inside an MP4 container: media, but no video. */
  public static Path audioOnly(Path dir, String name) throws IOException {
    Path out = dir.resolve(name);
    int rate = 44100;
    try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(out.toFile(), 1)) {
      rec.setFormat("mp4");
      rec.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
      rec.setSampleRate(rate);
      rec.start();
      short[] samples = new short[rate * 2];
      for (int i = 0; i < samples.length; i++) {
        samples[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate));
      }
      rec.recordSamples(rate, 1, java.nio.ShortBuffer.wrap(samples));
      rec.stop();
    } catch (FFmpegFrameRecorder.Exception e) {
      throw new IOException("could not write an audio-only file", e);
    }
    return out;
  }

  /** A folder whose name looks like a video. */
  public static Path directory(Path dir, String name) throws IOException {
    return Files.createDirectories(dir.resolve(name));
  }

  /** A copy of {@code source} under another name (duplicate content). */
  public static Path copy(Path dir, String name, Path source) throws IOException {
    return Files.copy(source, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

}
