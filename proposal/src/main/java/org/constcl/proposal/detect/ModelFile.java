package org.constcl.proposal.detect;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.constcl.transforms.record.RecordDigest;

/**
 * A user-provided detector model: an ONNX file (run by OpenCV DNN) or a TensorFlow SavedModel
 * folder (run by TF Java), with a content digest so that box records name the exact weights.
 *
 * @param path absolute path
 * @param format what kind of model
 * @param sha256 SHA-256 over the file, or over the SavedModel folder's relative paths and bytes
 */
public record ModelFile(String path, Format format, String sha256) implements Serializable {

  /** Model formats constcl can run. */
  public enum Format {
    ONNX,
    SAVED_MODEL
  }

  /**
   * Inspects {@code path}.
   *
   * @throws ModelException if it is missing, unreadable, or neither format
   */
  public static ModelFile of(Path path) {
    Path p = path.toAbsolutePath().normalize();
    if (!Files.exists(p)) {
      throw new ModelException("model not found: " + p);
    }
    try {
      if (Files.isDirectory(p)) {
        if (!Files.isRegularFile(p.resolve("saved_model.pb"))) {
          throw new ModelException("model folder " + p + " holds no saved_model.pb (expected a TensorFlow SavedModel)");
        }
        return new ModelFile(p.toString(), Format.SAVED_MODEL, folderDigest(p));
      }
      if (!p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx")) {
        throw new ModelException("model " + p + " is neither an ONNX file (.onnx) nor a TensorFlow SavedModel folder");
      }
      if (Files.size(p) == 0) {
        throw new ModelException("model file " + p + " is empty");
      }
      return new ModelFile(p.toString(), Format.ONNX, fileDigest(p));
    } catch (IOException e) {
      throw new ModelException("cannot read model " + p + ": " + e.getMessage());
    }
  }

  private static String fileDigest(Path p) throws IOException {
    MessageDigest md = RecordDigest.newSha256();
    update(md, p);
    return HexFormat.of().formatHex(md.digest());
  }

  private static String folderDigest(Path dir) throws IOException {
    MessageDigest md = RecordDigest.newSha256();
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      md.update(dir.relativize(f).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      update(md, f);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static void update(MessageDigest md, Path f) throws IOException {
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(f)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
  }
}
