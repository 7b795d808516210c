package org.constcl.workflows.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Build leases on a remote store, so that two engines sharing one {@code gs://}, {@code hdfs://}
 * or shared-folder store never build the same instance at once. Beam's file systems offer no
 * create-if-absent, so a lease is claimed by writing a file only its owner writes and then looking:
 * <ol>
 *   <li>every owner writes {@code locks/<kind>/<key>/<owner>.lease}, then lists that folder;</li>
 *   <li>an owner that sees any other lease withdraws its own and retries after a random pause;</li>
 *   <li>an owner that sees none holds the lease.</li>
 * </ol>
 * Two owners cannot both hold it: the one that listed first wrote before it listed, so the other,
 * which wrote after that listing, sees it when it lists. This needs a store whose listings show
 * completed writes (read-after-write and list consistency: GCS, HDFS, POSIX folders, S3 since 2020).
 *
 * <p>A holder rewrites its file every quarter of the time to live with a higher beat count. A
 * waiter judges staleness by its own clock, not by the store's or the holder's: a lease whose
 * content has not changed for a whole time to live belonged to an engine that died, and is
 * deleted. A holder that stalled that long loses its lease; {@link Lease#held()} says so, and the
 * store takes the lease again before it uploads (the fencing check).
 */
public final class RemoteLeases {
  /** The default time to live; {@code -Dconstcl.lease.seconds} changes it. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(Long.getLong("constcl.lease.seconds", 60));

  private static final ScheduledExecutorService BEATS = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "constcl-lease-beats");
    t.setDaemon(true);
    return t;
  });

  private final RemoteMirror remote;
  private final Duration ttl;
  private final String owner;

  public RemoteLeases(RemoteMirror remote, Duration ttl) {
    this(remote, ttl, defaultOwner());
  }

  RemoteLeases(RemoteMirror remote, Duration ttl, String owner) {
    this.remote = remote;
    this.ttl = ttl;
    this.owner = owner.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  /** host, pid and a random suffix: unique per engine even where hosts and pids repeat (containers). */
  private static String defaultOwner() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "host";
    }
    byte[] r = new byte[4];
    new SecureRandom().nextBytes(r);
    return host + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(r);
  }

  public String owner() {
    return owner;
  }

  private static String folder(String kind, String key) {
    return "locks/" + kind + "/" + key;
  }

  /**
   * Takes the lease of an instance, waiting while another owner holds it; {@code waiting} hears once
   * who holds it, and again for each stale lease this owner breaks ({@code what} names the instance there).
   */
  public Lease acquire(String kind, String key, String what, Consumer<String> waiting) throws InterruptedException {
    String dir = folder(kind, key);
    String mine = owner + ".lease";
    long pollMillis = Math.max(20, Math.min(1000, ttl.toMillis() / 4));
    Map<String, Seen> seen = new HashMap<>();
    Set<String> told = new HashSet<>();
    try {
      while (true) {
        List<String> others = others(dir, mine);
        boolean live = false;
        for (String name : others) {
          String content = remote.read(dir + "/" + name);
          if (content == null) {
            continue; // released meanwhile
          }
          Seen s = seen.get(name);
          long now = System.nanoTime();
          if (s == null || !s.content.equals(content)) {
            seen.put(name, new Seen(content, now));
          } else if (now - s.since > ttl.toNanos()) {
            remote.delete(dir + "/" + name);
            seen.remove(name);
            waiting.accept("broke the stale lease of " + name.replace(".lease", "") + " on " + what
                + " (unchanged for " + ttl.toMillis() / 1000.0 + " s: its engine is gone)");
            continue;
          }
          live = true;
          if (told.add(name)) {
            waiting.accept("waiting: " + what + " is being built by " + name.replace(".lease", "")
                + " (remote lease)");
          }
        }
        if (!live) {
          remote.write(dir + "/" + mine, content(0));
          if (others(dir, mine).isEmpty()) {
            return new Lease(dir + "/" + mine);
          }
          remote.delete(dir + "/" + mine); // a contender wrote too: both withdraw, one wins the next round
          Thread.sleep(ThreadLocalRandom.current().nextLong(pollMillis / 2, pollMillis * 2));
        } else {
          Thread.sleep(pollMillis);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take the build lease of " + kind + " " + key + " on " + remote.root()
          + ": " + e.getMessage(), e);
    }
  }

  private List<String> others(String dir, String mine) throws IOException {
    return remote.list(dir, ".lease").stream().filter(n -> !n.equals(mine)).toList();
  }

  private String content(long beat) {
    return "owner=" + owner + "\nbeat=" + beat + "\npid=" + ProcessHandle.current().pid() + "\njvm="
        + ManagementFactory.getRuntimeMXBean().getName() + "\n";
  }

  private record Seen(String content, long since) {}

  /** A held lease: renewed in the background until closed. */
  public final class Lease implements AutoCloseable {
    private final String path;
    private final ScheduledFuture<?> beats;
    private volatile boolean lost;
    private long beat;

    private Lease(String path) {
      this.path = path;
      long every = Math.max(5, ttl.toMillis() / 4);
      this.beats = BEATS.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    private synchronized void renew() {
      if (lost) {
        return;
      }
      try {
        if (!ownedNow()) {
          lost = true; // broken as stale by another engine: writing again would make two holders
          beats.cancel(false);
          return;
        }
        remote.write(path, content(++beat));
      } catch (IOException | RuntimeException e) {
        // A missed beat is retried at the next one; only a whole time to live of misses loses the lease.
      }
    }

    private boolean ownedNow() throws IOException {
      String c = remote.read(path);
      return c != null && c.startsWith("owner=" + owner + "\n");
    }

    /** Whether this owner still holds the lease (its file is there and is its own). */
    public synchronized boolean held() {
      if (lost) {
        return false;
      }
      try {
        return ownedNow();
      } catch (IOException e) {
        return false;
      }
    }

    /** Stops renewing (test hook: an engine that stalls). */
    void stopBeats() {
      beats.cancel(false);
    }

    @Override
    public synchronized void close() {
      beats.cancel(false);
      try {
        if (!lost && ownedNow()) {
          remote.delete(path);
        }
      } catch (IOException e) {
        // A lease left behind goes stale and is broken after its time to live.
      }
      lost = true;
    }
  }
}
