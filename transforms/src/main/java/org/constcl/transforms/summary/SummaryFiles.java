package org.constcl.transforms.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Reads and writes {@code _SUMMARY.json}, the file every dataset folder ends with. It is written
 * under a temporary name and renamed, so its presence means the dataset is complete.
 */
public final class SummaryFiles {
  /** The summary's file name. */
  public static final String FILE_NAME = "_SUMMARY.json";

  /** Pretty-printed, so summaries diff well. */
  public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SummaryFiles() {}

  /** Writes {@code summary} as {@code directory/_SUMMARY.json} (any Beam file system). */
  public static void write(String directory, JsonNode summary) throws IOException {
    ResourceId dir = FileSystems.matchNewResource(directory, true);
    ResourceId target = dir.resolve(FILE_NAME, ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
    ResourceId temp = dir.resolve("." + FILE_NAME + ".inprogress", ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(temp, MimeTypes.TEXT))) {
      out.write(JSON.writeValueAsBytes(summary));
      out.write('\n');
    }
    FileSystems.rename(List.of(temp), List.of(target), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
  }

  /** Reads the summary of a local dataset folder. */
  public static JsonNode read(Path directory) throws IOException {
    Path file = directory.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new IOException(directory + " holds no " + FILE_NAME + " (not a finished dataset)");
    }
    return JSON.readTree(file.toFile());
  }
}
