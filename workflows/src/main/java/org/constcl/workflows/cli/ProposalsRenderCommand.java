package org.constcl.workflows.cli;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.constcl.proposal.io.RecordLookup;
import org.constcl.proposal.record.BoxRecord;
import org.constcl.proposal.render.ContactSheet;
import org.constcl.transforms.record.ClipRecord;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code constcl proposals render}: a PNG contact sheet of one clip with each source's boxes. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Draw one clip's frames with the boxes of one or more box datasets (one row per dataset) into a PNG.")
final class ProposalsRenderCommand implements Callable<Integer> {
  @Option(names = "--clip", required = true, paramLabel = "<clip_id>", description = "Clip id, e.g. vtest.avi#0.")
  String clipId;

  @Option(names = "--clips", required = true, paramLabel = "<dir>", description = "The clip dataset.")
  Path clips;

  @Option(names = "--boxes", required = true, paramLabel = "<dir>",
      description = "A box dataset of that clip dataset; repeat for one row per source.")
  List<Path> boxes = new ArrayList<>();

  @Option(names = "--output", required = true, paramLabel = "<file.png>", description = "PNG to write.")
  Path output;

  @Option(names = "--frames", paramLabel = "<n>", defaultValue = "4",
      description = "Columns: frames spread evenly over those carrying boxes (default: ${DEFAULT-VALUE}).")
  int frames;

  @Option(names = "--frame-indices", split = ",", paramLabel = "<i,j,...>",
      description = "Exact stored-frame indices to show instead of --frames.")
  List<Integer> frameIndices;

  @Option(names = "--height", paramLabel = "<px>", defaultValue = "160",
      description = "Thumbnail height (default: ${DEFAULT-VALUE}).")
  int height;

  private final Console console;

  @Inject
  ProposalsRenderCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    if (frames < 1 || height < 16 || height > 2048) {
      throw CliException.usage("--frames must be >= 1 and --height within [16, 2048]");
    }
    try {
      ClipRecord clip = RecordLookup.clip(clips, clipId);
      List<BoxRecord> rows = new ArrayList<>();
      for (Path b : boxes) {
        rows.add(RecordLookup.boxes(b, clipId));
      }
      List<Integer> columns = frameIndices != null ? frameIndices : ContactSheet.spreadFrames(rows, frames);
      ContactSheet.write(clip, rows, columns, height, output);
      console.out().printf("wrote %s: clip %s, frames %s, %d source(s)%n", output, clipId, columns, rows.size());
      return ExitCodes.OK;
    } catch (IOException | IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }
}
