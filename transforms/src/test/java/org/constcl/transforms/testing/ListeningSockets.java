package org.constcl.transforms.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets a process listens on, as the Linux kernel reports them: the socket inodes among
 * {@code /proc/<pid>/fd}, looked up in {@code /proc/net/tcp} and {@code /proc/net/tcp6}.
 */
public final class ListeningSockets {
  private static final String LISTEN = "0A";

  private ListeningSockets() {}

  /** The addresses {@code pid} listens on. */
  public static List<InetSocketAddress> of(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException e) {
          // the descriptor was closed while listing
        }
      }
    }
    List<InetSocketAddress> out = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path p = Path.of(table);
      if (!Files.exists(p)) {
        continue;
      }
      for (String line : Files.readAllLines(p).subList(1, Files.readAllLines(p).size())) {
        String[] f = line.trim().split("\\s+");
        if (f[3].equals(LISTEN) && inodes.contains(f[9])) {
          out.add(parse(f[1]));
        }
      }
    }
    return out;
  }

  /** The current process's. */
  public static List<InetSocketAddress> ofThisProcess() throws IOException {
    return of(ProcessHandle.current().pid());
  }

  /** {@code 0100007F:1F90}: the address in the kernel's byte order (little-endian 32-bit words), the port in hex. */
  private static InetSocketAddress parse(String field) throws IOException {
    String[] parts = field.split(":");
    String hex = parts[0];
    byte[] addr = new byte[hex.length() / 2];
    for (int word = 0; word < addr.length / 4; word++) {
      for (int b = 0; b < 4; b++) {
        int at = word * 8 + (3 - b) * 2;
        addr[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
      }
    }
    return new InetSocketAddress(InetAddress.getByAddress(addr), Integer.parseInt(parts[1], 16));
  }

  /** Whether {@code a} is reachable only from this machine (127.0.0.0/8, ::1, or ::ffff:127.x). */
  public static boolean loopbackOnly(InetSocketAddress a) {
    return a.getAddress().isLoopbackAddress();
  }
}
