package org.constcl.workflows.plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.constcl.workflows.stage.Stage;

/**
 * The code a stage runs, as a digest: the classes of its constcl modules, its CLI command, its stage
 * class, and the resolved runtime dependencies (the list Maven wrote at build time). A change to the eval module
 * changes the fingerprint of eval stages only; a dependency upgrade changes every stage's.
 */
public final class CodeFingerprint {
  private static final Map<String, String> MEMO = new ConcurrentHashMap<>();
  private static final Map<Path, Map<String, String>> JARS = new ConcurrentHashMap<>();
  private static final String OWN_CLASSES = "org/constcl/";
  private static final java.util.regex.Pattern ANSI_ESCAPE = java.util.regex.Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");

  private CodeFingerprint() {}

  /** Hex SHA-256 fingerprint of {@code stage}'s code. */
  public static String of(Stage stage) {
    return MEMO.computeIfAbsent(stage.kind(), k -> compute(stage));
  }

  /** The resolved runtime dependencies (group:artifact:type:version:scope lines), as built. */
  public static List<String> dependencies() {
    try (InputStream in = CodeFingerprint.class.getResourceAsStream("/org/constcl/workflows/dependencies.txt")) {
      return in == null ? List.of() : dependencyLines(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The dependency lines of {@code mvn dependency:list} output, without module notes and colours. */
  static List<String> dependencyLines(String listing) {
    List<String> out = new ArrayList<>();
    for (String line : listing.split("\n")) {
      // Maven colours this list unless it runs in batch mode (-B): the fingerprint must not depend on that.
      String l = ANSI_ESCAPE.matcher(line).replaceAll("").strip();
      if (l.matches("[^ :]+:[^ :]+:.*") && !l.startsWith("The following")) {
        out.add(l.replaceAll(" -- .*$", ""));
      }
    }
    return out;
  }

  private static String compute(Stage kind) {
    Map<String, String> command = entries("org/constcl/workflows/cli/", kind.info().command());
    if (!command.containsKey("org/constcl/workflows/cli/" + kind.info().command() + ".class")) {
      throw new IllegalStateException("stage " + kind.kind() + " names command class " + kind.info().command()
          + ", which is not in org.constcl.workflows.cli");
    }
    MessageDigest md = sha256();
    for (String module : kind.info().modules()) {
      update(md, "module " + module);
      entries("org/constcl/" + module + "/", null).forEach((name, digest) -> update(md, name + " " + digest));
    }
    update(md, "command " + kind.info().command());
    command.forEach((name, digest) -> update(md, name + " " + digest));
    // The stage class writes the command line and its input files.
    String stageClass = kind.getClass().getName().replace('.', '/');
    int slash = stageClass.lastIndexOf('/');
    entries(stageClass.substring(0, slash + 1), stageClass.substring(slash + 1))
        .forEach((name, digest) -> update(md, name + " " + digest));
    for (String d : dependencies()) {
      update(md, "dependency " + d);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Class and resource entries under {@code prefix} (only {@code Simple.class}/{@code Simple$*} when given) → content digest. */
  private static Map<String, String> entries(String prefix, String simpleName) {
    if (!prefix.startsWith(OWN_CLASSES)) {
      throw new IllegalArgumentException(prefix + ": only constcl's own classes are fingerprinted (jars are read for those)");
    }
    Map<String, String> out = new TreeMap<>();
    for (Path root : roots(prefix)) {
      try {
        if (Files.isDirectory(root)) {
          Path base = root.resolve(prefix);
          if (!Files.isDirectory(base)) {
            continue;
          }
          try (Stream<Path> files = Files.walk(base)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
              String name = root.relativize(f).toString().replace('\\', '/');
              if (wanted(name, prefix, simpleName)) {
                // The first root holding a class is the one the class loader loads it from.
                out.putIfAbsent(name, HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(f))));
              }
            }
          }
        } else {
          jarEntries(root).forEach((name, id) -> {
            if (wanted(name, prefix, simpleName)) {
              out.putIfAbsent(name, id);
            }
          });
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the classes under " + root, e);
      }
    }
    return out;
  }

  /**
   * The constcl entries of a jar → CRC and size from its central directory (which identify the content
   * without inflating it), read once per process: the shaded jar holds ~100k entries, and every stage kind
   * asks for several prefixes.
   */
  private static Map<String, String> jarEntries(Path jar) {
    return JARS.computeIfAbsent(jar, j -> {
      Map<String, String> out = new java.util.HashMap<>();
      // ZipFile, not JarFile: a JarFile builds a JarEntry (and checks signatures) for every entry listed.
      try (ZipFile zip = new ZipFile(j.toFile())) {
        zip.stream()
            .filter(e -> !e.isDirectory() && e.getName().startsWith(OWN_CLASSES))
            .forEach(e -> out.put(e.getName(), Long.toHexString(e.getCrc()) + ":" + e.getSize()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the classes under " + j, e);
      }
      return out;
    });
  }

  private static boolean wanted(String name, String prefix, String simpleName) {
    if (!name.startsWith(prefix)) {
      return false;
    }
    if (simpleName == null) {
      return true;
    }
    String rest = name.substring(prefix.length());
    return rest.equals(simpleName + ".class") || rest.startsWith(simpleName + "$");
  }

  /** Class path roots (folders or jars) that hold {@code prefix}. */
  private static List<Path> roots(String prefix) {
    List<Path> out = new ArrayList<>();
    try {
      for (java.net.URL u : java.util.Collections.list(CodeFingerprint.class.getClassLoader().getResources(prefix))) {
        String s = u.toString();
        if (s.startsWith("jar:file:")) {
          out.add(Path.of(new java.net.URI(s.substring(4, s.indexOf("!/")))));
        } else if (s.startsWith("file:")) {
          Path p = Path.of(u.toURI());
          for (int i = 0; i < prefix.split("/").length; i++) {
            p = p.getParent();
          }
          out.add(p);
        }
      }
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException("cannot locate " + prefix + " on the class path", e);
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("no classes under " + prefix + " on the class path");
    }
    return out.stream().distinct().toList();
  }

  private static void update(MessageDigest md, String line) {
    md.update((line + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
