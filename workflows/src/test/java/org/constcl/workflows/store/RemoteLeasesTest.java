package org.constcl.workflows.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Build leases on a remote store (a file: URI through Beam's file systems), contended by several owners. */
class RemoteLeasesTest {
  @TempDir
  Path dir;

  private RemoteMirror remote() {
    return new RemoteMirror(dir.resolve("remote").toUri().toString());
  }

  @Test
  void ownersContendingForOneInstanceHoldItOneAtATime() throws Exception {
    int owners = 4;
    int rounds = 6;
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger entries = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(owners);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int o = 0; o < owners; o++) {
        RemoteLeases leases = new RemoteLeases(remote(), Duration.ofSeconds(30), "engine-" + o);
        done.add(pool.submit(() -> {
          for (int r = 0; r < rounds; r++) {
            try (RemoteLeases.Lease lease = leases.acquire("train", "k1", "k1", m -> {})) {
              most.accumulateAndGet(inside.incrementAndGet(), Math::max);
              entries.incrementAndGet();
              assertThat(lease.held()).isTrue();
              Thread.sleep(15);
              inside.decrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(entries.get()).isEqualTo(owners * rounds);
    assertThat(most.get()).isEqualTo(1);
    assertThat(dir.resolve("remote/locks/train/k1")).isEmptyDirectory();
  }

  @Test
  void aLeaseLeftByADeadEngineIsBrokenAfterItsTimeToLive() throws Exception {
    Path stale = dir.resolve("remote/locks/ingest/k2/crashed-engine.lease");
    Files.createDirectories(stale.getParent());
    Files.writeString(stale, "owner=crashed-engine\nbeat=7\n");
    List<String> heard = new CopyOnWriteArrayList<>();
    long t0 = System.nanoTime();
    try (RemoteLeases.Lease lease = new RemoteLeases(remote(), Duration.ofMillis(600), "me").acquire("ingest", "k2", "ingest k2", heard::add)) {
      assertThat((System.nanoTime() - t0) / 1e6).isGreaterThanOrEqualTo(600);
      assertThat(lease.held()).isTrue();
    }
    assertThat(stale).doesNotExist();
    assertThat(heard).hasSize(2);
    assertThat(heard.get(0)).isEqualTo("waiting: ingest k2 is being built by crashed-engine (remote lease)");
    assertThat(heard.get(1)).startsWith("broke the stale lease of crashed-engine on ingest k2 (unchanged for 0.6 s");
  }

  @Test
  void aLiveHolderKeepsItsLeasePastTheTimeToLiveAndAStalledOneLosesIt() throws Exception {
    Duration ttl = Duration.ofMillis(400);
    RemoteLeases a = new RemoteLeases(remote(), ttl, "a");
    RemoteLeases b = new RemoteLeases(remote(), ttl, "b");
    RemoteLeases.Lease held = a.acquire("train", "k3", "k3", m -> {});
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<RemoteLeases.Lease> waiter = pool.submit(() -> b.acquire("train", "k3", "k3", m -> {}));
      Thread.sleep(3 * ttl.toMillis()); // a renews: b keeps waiting
      assertThat(waiter.isDone()).isFalse();
      assertThat(held.held()).isTrue();
      held.stopBeats(); // a stalls (a long pause): after a time to live b breaks its lease
      RemoteLeases.Lease taken = waiter.get();
      assertThat(taken.held()).isTrue();
      assertThat(held.held()).isFalse();
      held.close(); // must not delete b's lease
      assertThat(taken.held()).isTrue();
      taken.close();
    } finally {
      pool.shutdownNow();
    }
  }
}
