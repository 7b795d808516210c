package org.constcl.workflows.store;

import java.nio.file.Path;

/** Resolves paths under the store root and refuses any that would leave it. */
final class StorePaths {
  private StorePaths() {}

  /** {@code root/relative}, or a StoreException when the result is not inside {@code root}. */
  static Path inside(Path root, String relative) {
    Path r = root.toAbsolutePath().normalize();
    if (relative.isEmpty() || relative.startsWith("/") || relative.contains("\\") || relative.contains("\0")) {
      throw new StoreException("refused path '" + relative + "': not a relative path inside the store " + r);
    }
    Path p = r.resolve(relative).normalize();
    if (!p.startsWith(r) || p.equals(r)) {
      throw new StoreException("refused path '" + relative + "': it escapes " + r);
    }
    return p;
  }
}
