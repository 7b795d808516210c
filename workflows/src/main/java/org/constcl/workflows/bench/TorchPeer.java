package org.constcl.workflows.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The PyTorch peer of the r3d50 training step ({@code ../shared/bench/torch-r3d50/r3d50_step.py}:
 * the same network, SGD momentum, batch statistics), run as a separate process on the same
 * threads. The script times batches 1 and 4; this runs its source with the batch loop set to the
 * sizes asked for, so one network definition serves every batch size.
 */
final class TorchPeer {
  private static final Pattern LINE = Pattern.compile("r3d50 step batch (\\d+) x .*: median ([0-9.]+) ms");
  private static final String LOOP = "for batch in (1, 4):";

  private final Path script;
  private final String python;

  TorchPeer(Path script, String python) {
    this.script = script;
    this.python = python;
  }

  /** Whether the script exists and the interpreter imports torch; otherwise why not. */
  String unavailable() throws IOException, InterruptedException {
    if (!Files.isRegularFile(script)) {
      return "no peer script at " + script;
    }
    Process p = new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      return python + " cannot import torch (apt-get install python3-torch): " + out.strip();
    }
    return null;
  }

  /** Median ms per step for each batch size, in one peer process with {@code threads} threads. */
  Map<Integer, Double> stepMillis(List<Integer> batches, int threads) throws IOException, InterruptedException {
    String source = Files.readString(script);
    if (!source.contains(LOOP)) {
      throw new IOException(script + ": its batch loop ('" + LOOP + "') is not where this benchmark expects it");
    }
    String loop = "for batch in (" + batches.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ",):";
    Path patched = Files.createTempFile("r3d50_step", ".py");
    try {
      Files.writeString(patched, source.replace(LOOP, loop));
      Process p = new ProcessBuilder(python, patched.toString(), String.valueOf(threads)).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(2, TimeUnit.HOURS) || p.exitValue() != 0) {
        throw new IOException("the PyTorch peer failed (" + script + "):\n" + out);
      }
      return parse(out);
    } finally {
      Files.deleteIfExists(patched);
    }
  }

  /** Batch size → median ms per step, from the peer's output lines. */
  static Map<Integer, Double> parse(String output) {
    Map<Integer, Double> ms = new LinkedHashMap<>();
    Matcher m = LINE.matcher(output);
    while (m.find()) {
      ms.put(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)));
    }
    return ms;
  }
}
