package org.constcl.transforms.input;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads an ingest manifest: CSV rows {@code path[,label][,split][,start_sec,end_sec]} (1, 2, 3 or
 * 5 fields), or any subset of those columns in any order under a header row whose first column is
 * {@code path}. Blank lines and lines starting with {@code #} are skipped; relative paths resolve
 * against the manifest's folder. Label indices follow the sorted set of labels, or the order of a
 * class list when one is given. Every problem is reported as {@code file:line: what is wrong}.
 */
public final class ManifestReader {
  private static final List<String> COLUMNS = List.of("path", "label", "split", "start_sec", "end_sec");

  private ManifestReader() {}

  /** Reads {@code manifest}; {@code classes} (may be null) fixes the label order. */
  public static List<VideoSource> read(Path manifest, List<String> classes) throws InputException {
    List<String> lines = readLines(manifest);
    List<Row> rows = new ArrayList<>();
    Map<String, Integer> header = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int lineNo = i + 1;
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      List<String> fields;
      try {
        fields = CsvLine.parse(line);
      } catch (IllegalArgumentException e) {
        throw error(manifest, lineNo, e.getMessage());
      }
      if (header == null && rows.isEmpty() && fields.get(0).equalsIgnoreCase("path")) {
        header = parseHeader(manifest, lineNo, fields);
        continue;
      }
      rows.add(parseRow(manifest, lineNo, fields, header));
    }
    if (rows.isEmpty()) {
      throw new InputException(manifest + ": the manifest lists no videos");
    }
    return toSources(manifest, rows, classes);
  }

  private static List<String> readLines(Path manifest) throws InputException {
    if (!Files.isRegularFile(manifest)) {
      throw new InputException(manifest + ": manifest not found or not a regular file");
    }
    try {
      String text = Files.readString(manifest, StandardCharsets.UTF_8);
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      return text.lines().toList();
    } catch (CharacterCodingException e) {
      throw new InputException(manifest + ": the manifest is not UTF-8 text", e);
    } catch (IOException e) {
      throw new InputException(manifest + ": cannot read the manifest (" + e.getMessage() + ")", e);
    }
  }

  private static Map<String, Integer> parseHeader(Path manifest, int lineNo, List<String> fields)
      throws InputException {
    Map<String, Integer> header = new HashMap<>();
    for (int c = 0; c < fields.size(); c++) {
      String name = fields.get(c).toLowerCase(Locale.ROOT);
      if (!COLUMNS.contains(name)) {
        throw error(manifest, lineNo, "unknown column '" + fields.get(c) + "' (known: " + String.join(", ", COLUMNS) + ")");
      }
      if (header.put(name, c) != null) {
        throw error(manifest, lineNo, "column '" + name + "' appears twice");
      }
    }
    if (header.containsKey("start_sec") != header.containsKey("end_sec")) {
      throw error(manifest, lineNo, "start_sec and end_sec must appear together");
    }
    return header;
  }

  @SuppressWarnings("fallthrough") // positional columns: each longer form adds to the shorter one
  private static Row parseRow(Path manifest, int lineNo, List<String> f, Map<String, Integer> header)
      throws InputException {
    String path;
    String label = null;
    String split = null;
    String start = null;
    String end = null;
    if (header != null) {
      if (f.size() != header.size()) {
        throw error(manifest, lineNo, f.size() + " fields but the header names " + header.size());
      }
      path = f.get(header.get("path"));
      label = field(f, header.get("label"));
      split = field(f, header.get("split"));
      start = field(f, header.get("start_sec"));
      end = field(f, header.get("end_sec"));
    } else {
      switch (f.size()) {
        case 5:
          start = emptyToNull(f.get(3));
          end = emptyToNull(f.get(4));
          // fall through
        case 3:
          split = emptyToNull(f.get(2));
          // fall through
        case 2:
          label = emptyToNull(f.get(1));
          // fall through
        case 1:
          path = f.get(0);
          break;
        default:
          throw error(manifest, lineNo, f.size()
              + " fields; expected path[,label][,split][,start_sec,end_sec] (1, 2, 3 or 5 fields)");
      }
    }
    if (path == null || path.isEmpty()) {
      throw error(manifest, lineNo, "the path is empty");
    }
    if ((start == null) != (end == null)) {
      throw error(manifest, lineNo, "give both start_sec and end_sec, or neither");
    }
    Double s = start == null ? null : seconds(manifest, lineNo, "start_sec", start);
    Double e = end == null ? null : seconds(manifest, lineNo, "end_sec", end);
    if (s != null && e <= s) {
      throw error(manifest, lineNo, "end_sec " + end + " is not after start_sec " + start);
    }
    return new Row(lineNo, path, label, split, s, e);
  }

  private static List<VideoSource> toSources(Path manifest, List<Row> rows, List<String> classes)
      throws InputException {
    Map<String, Integer> labelIndex = labelIndex(manifest, rows, classes);
    Map<String, Integer> pathCount = new HashMap<>();
    for (Row r : rows) {
      pathCount.merge(r.path, 1, Integer::sum);
    }
    Map<String, Integer> seenIds = new HashMap<>();
    Path folder = manifest.toAbsolutePath().getParent();
    List<VideoSource> sources = new ArrayList<>();
    for (Row r : rows) {
      String videoId = normalise(r.path);
      if (pathCount.get(r.path) > 1 && r.start != null) {
        videoId = videoId + "@" + compact(r.start) + "-" + compact(r.end);
      }
      Integer first = seenIds.putIfAbsent(videoId, r.lineNo);
      if (first != null) {
        throw error(manifest, r.lineNo, "duplicate entry for " + videoId + " (first on line " + first + ")");
      }
      Path p = folder.resolve(r.path).normalize();
      Integer index = r.label == null ? null : labelIndex.get(r.label);
      sources.add(new VideoSource(p.toString(), videoId, r.label, index, r.split, r.start, r.end));
    }
    return sources;
  }

  private static Map<String, Integer> labelIndex(Path manifest, List<Row> rows, List<String> classes)
      throws InputException {
    Map<String, Integer> index = new HashMap<>();
    if (classes != null) {
      for (int i = 0; i < classes.size(); i++) {
        index.put(classes.get(i), i);
      }
      for (Row r : rows) {
        if (r.label != null && !index.containsKey(r.label)) {
          throw error(manifest, r.lineNo, "label '" + r.label + "' is not in the class list");
        }
      }
      return index;
    }
    TreeSet<String> labels = new TreeSet<>();
    for (Row r : rows) {
      if (r.label != null) {
        labels.add(r.label);
      }
    }
    int i = 0;
    for (String l : labels) {
      index.put(l, i++);
    }
    return index;
  }

  private static String normalise(String path) {
    String p = path.replace('\\', '/');
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    return p;
  }

  private static String compact(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  private static Double seconds(Path manifest, int lineNo, String column, String value)
      throws InputException {
    try {
      double v = Double.parseDouble(value);
      if (v < 0 || !Double.isFinite(v)) {
        throw error(manifest, lineNo, column + " must be a non-negative number of seconds, got '" + value + "'");
      }
      return v;
    } catch (NumberFormatException e) {
      throw error(manifest, lineNo, column + " '" + value + "' is not a number");
    }
  }

  private static String field(List<String> f, Integer column) {
    return column == null ? null : emptyToNull(f.get(column));
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static InputException error(Path manifest, int lineNo, String what) {
    return new InputException(manifest + ":" + lineNo + ": " + what);
  }

  private record Row(int lineNo, String path, String label, String split, Double start, Double end) {}
}
