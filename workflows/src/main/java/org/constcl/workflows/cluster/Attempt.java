package org.constcl.workflows.cluster;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * One attempt of one task of a stage job, as the task recorded it.
 *
 * @param exit the child's exit code, null if the attempt never ended (its TaskManager died)
 */
public record Attempt(int task, int attempt, String host, long taskManagerPid, String gpus, Integer exit, String log) {
  /** The records a job's tasks left in {@code dir}, by task then attempt. */
  public static List<Attempt> read(Path dir) throws IOException {
    List<Attempt> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".properties")).toList()) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
          p.load(r);
        }
        String exit = p.getProperty("exit");
        out.add(new Attempt(Integer.parseInt(p.getProperty("task", "0")), Integer.parseInt(p.getProperty("attempt", "0")),
            p.getProperty("host", ""), Long.parseLong(p.getProperty("taskmanager_pid", "0")), p.getProperty("gpus", ""),
            exit == null ? null : Integer.valueOf(exit.strip()), p.getProperty("log", "")));
      }
    }
    out.sort(Comparator.comparingInt(Attempt::task).thenComparingInt(Attempt::attempt));
    return out;
  }
}
