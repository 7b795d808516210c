package org.constcl.transforms.summary;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.constcl.transforms.io.ShardResult;
import org.constcl.transforms.record.RecordDigest;
import org.constcl.transforms.record.Reject;

/**
 * The parts every dataset summary shares: the shard listing, the rejects, and the
 * order-independent digest over the shards' rows. Each is independent of runner and row order.
 */
public final class SummaryNodes {
  /** How many rejects a summary lists in full; all are counted and kept in the rejects dataset. */
  public static final int MAX_LISTED_REJECTS = 100;

  private SummaryNodes() {}

  /** Shards sorted by file name. */
  public static List<ShardResult> sorted(List<ShardResult> shards) {
    List<ShardResult> s = new ArrayList<>(shards);
    s.sort(Comparator.comparing(ShardResult::name));
    return s;
  }

  /** {@code {prefix, count, files: [{name, records, bytes}], bytes}}. */
  public static ObjectNode shards(String prefix, List<ShardResult> shards) {
    ObjectNode n = SummaryFiles.JSON.createObjectNode();
    n.put("prefix", prefix);
    n.put("count", shards.size());
    long bytes = 0;
    ArrayNode files = n.putArray("files");
    for (ShardResult r : sorted(shards)) {
      files.addObject().put("name", r.name()).put("records", r.records()).put("bytes", r.fileBytes());
      bytes += r.fileBytes();
    }
    n.put("bytes", bytes);
    return n;
  }

  /** {@code {count, by_reason, file, examples}} for the rejects written under {@code rejectsDir}. */
  public static ObjectNode rejects(List<Reject> all, List<ShardResult> files, String rejectsDir) {
    List<Reject> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparing(Reject::uri).thenComparing(Reject::stage).thenComparing(Reject::detail));
    Map<String, Long> byReason = new TreeMap<>();
    for (Reject r : sorted) {
      byReason.merge(r.reason(), 1L, Long::sum);
    }
    ObjectNode n = SummaryFiles.JSON.createObjectNode();
    n.put("count", sorted.size());
    n.set("by_reason", SummaryFiles.JSON.valueToTree(byReason));
    n.put("file", rejectsDir + "/" + sorted(files).get(0).name());
    ArrayNode items = n.putArray("examples");
    for (Reject r : sorted.subList(0, Math.min(MAX_LISTED_REJECTS, sorted.size()))) {
      items.addObject().put("uri", r.uri()).put("stage", r.stage()).put("reason", r.reason()).put("detail", r.detail());
    }
    return n;
  }

  /** Rows over all shards. */
  public static long rows(List<ShardResult> shards) {
    long rows = 0;
    for (ShardResult r : shards) {
      rows += r.records();
    }
    return rows;
  }

  /** The dataset digest over all shards' rows ({@link RecordDigest}). */
  public static String digest(List<ShardResult> shards) {
    BigInteger sum = BigInteger.ZERO;
    for (ShardResult r : shards) {
      sum = RecordDigest.merge(sum, r.digestSum());
    }
    return RecordDigest.finish(rows(shards), sum);
  }
}
