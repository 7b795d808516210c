package org.constcl.workflows.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The jar a stage job ships to the cluster: {@link StageTask} and what it uses, a few kilobytes.
 * The stage itself runs from constcl's own jar at the path the engine runs it from, which every
 * TaskManager must see (one machine, a shared install, or the same image): shipping the 450 MB
 * jar (TensorFlow's natives) with every stage job would cost more than most stages take.
 */
final class TaskJar {
  private static final List<Class<?>> CLASSES = List.of(StageTask.class, StageTask.GpuClaim.class, WorkerAddresses.class);

  private TaskJar() {}

  /** Writes the jar into {@code dir} (once per content) and returns it. */
  static Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "constcl-stage-task", ".jar.tmp");
    Manifest m = new Manifest();
    m.getMainAttributes().putValue("Manifest-Version", "1.0");
    try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jar = new JarOutputStream(out, m)) {
      for (Class<?> c : CLASSES) {
        String name = c.getName().replace('.', '/') + ".class";
        try (InputStream in = c.getClassLoader().getResourceAsStream(name)) {
          if (in == null) {
            throw new IOException("cannot read " + name + " from constcl's class path");
          }
          JarEntry e = new JarEntry(name);
          e.setTime(0); // same bytes for the same classes: Flink's blob cache keeps one copy
          jar.putNextEntry(e);
          in.transferTo(jar);
          jar.closeEntry();
        }
      }
    }
    Path jar = dir.resolve("constcl-stage-task.jar");
    Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return jar;
  }
}
