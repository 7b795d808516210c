package org.constcl.proposal.pipeline;

import java.io.IOException;
import org.apache.beam.sdk.transforms.DoFn;
import org.constcl.transforms.io.ParquetRowGroups;

/** Lists the row groups (one clip each, as ingest writes them) of each clip shard file. */
final class ListRowGroupsFn extends DoFn<String, ParquetRowGroups.Span> {
  @ProcessElement
  public void process(@Element String shardFile, OutputReceiver<ParquetRowGroups.Span> out) throws IOException {
    for (ParquetRowGroups.Span s : ParquetRowGroups.list(shardFile)) {
      out.output(s);
    }
  }
}
