package org.constcl.eval.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.constcl.eval.data.ClipGeometry;
import org.constcl.eval.data.ClipRef;
import org.constcl.eval.data.ClipRenderer;
import org.constcl.eval.data.FrameSource;
import org.constcl.tfmodel.data.SampleOrder;

/**
 * Training batches of labelled clips: each epoch a seeded permutation of the training records,
 * {@code batch} per step (the last batch of an epoch wraps to its start); each clip drawn with a
 * generator seeded by (seed, step, slot), so batches do not depend on the number of threads or on
 * where a run resumed. A clip whose frames cannot be decoded is skipped, counted and replaced by
 * the next one in the permutation. The next batch is made while the current one trains.
 */
final class TrainBatches implements AutoCloseable {
  /** One batch. */
  record Batch(byte[] clips, int[] labels) {}

  private final List<ClipRef> clips;
  private final ClipGeometry geometry;
  private final int batch;
  private final long seed;
  private final int stepsPerEpoch;
  private final ExecutorService pool;
  private final ExecutorService assembler = Executors.newSingleThreadExecutor(daemon("eval-batch"));
  private final List<ClipRenderer> renderers = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<FrameSource> sources = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ThreadLocal<ClipRenderer> renderer;
  private final ThreadLocal<FrameSource> source;
  private final Set<String> skipped = ConcurrentHashMap.newKeySet();
  private Future<Batch> next;
  private long nextStep = -1;

  TrainBatches(List<ClipRef> clips, ClipGeometry geometry, int batch, long seed, int threads) {
    this.clips = List.copyOf(clips);
    this.geometry = geometry;
    this.batch = batch;
    this.seed = seed;
    this.stepsPerEpoch = (clips.size() + batch - 1) / batch;
    this.pool = Executors.newFixedThreadPool(threads, daemon("eval-loader"));
    this.renderer = ThreadLocal.withInitial(() -> {
      ClipRenderer r = new ClipRenderer(geometry);
      renderers.add(r);
      return r;
    });
    this.source = ThreadLocal.withInitial(() -> {
      FrameSource s = new FrameSource();
      sources.add(s);
      return s;
    });
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  int stepsPerEpoch() {
    return stepsPerEpoch;
  }

  /** Clip ids skipped so far for undecodable frames. */
  Set<String> skipped() {
    return Set.copyOf(skipped);
  }

  /** The batch of {@code step}; prepares the next step's batch in the background. */
  Batch get(long step) throws IOException {
    Future<Batch> f = step == nextStep && next != null ? next : assembler.submit(() -> make(step));
    next = assembler.submit(() -> make(step + 1));
    nextStep = step + 1;
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IOException("making batch " + step + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  private Batch make(long step) throws Exception {
    long epoch = step / stepsPerEpoch;
    int[] order = permutation(epoch);
    int first = (int) (step % stepsPerEpoch) * batch;
    byte[] out = new byte[batch * geometry.frames() * geometry.trainSize() * geometry.trainSize() * 3];
    int[] labels = new int[batch];
    int bytes = out.length / batch;
    List<Future<Integer>> slots = new ArrayList<>();
    for (int slot = 0; slot < batch; slot++) {
      int s = slot;
      slots.add(pool.submit(() -> {
        for (int attempt = 0; attempt < order.length; attempt++) {
          ClipRef ref = clips.get(order[(first + s + attempt) % order.length]);
          SplittableRandom rng = new SplittableRandom(SampleOrder.mix(seed, step, s * 1_000_003L + attempt));
          try {
            List<byte[]> jpegs = source.get().frames(ref);
            renderer.get().renderTrain(jpegs, ref.width(), ref.height(), rng, out, s * bytes);
            return ref.labelIndex();
          } catch (IllegalArgumentException e) {
            skipped.add(ref.clipId());
          }
        }
        throw new IOException("no training clip could be decoded");
      }));
    }
    for (int s = 0; s < batch; s++) {
      labels[s] = slots.get(s).get();
    }
    return new Batch(out, labels);
  }

  private int[] permutation(long epoch) {
    return SampleOrder.permutation(clips.size(), new SplittableRandom(SampleOrder.mix(seed, epoch, 0x5eed_e0c4L)));
  }

  @Override
  public void close() throws IOException {
    assembler.shutdownNow();
    pool.shutdownNow();
    try {
      assembler.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
      pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    renderers.forEach(ClipRenderer::close);
    for (FrameSource s : sources) {
      s.close();
    }
  }
}
