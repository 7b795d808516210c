package org.constcl.tfmodel.data;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.global.opencv_core;
import org.constcl.tfmodel.model.TrainingBatch;

/**
 * Streams training batches: clips in {@link SampleOrder}, made into examples on a pool of worker
 * threads, assembled in order (so batches do not depend on the thread count), prefetched. A
 * clip that cannot be used (corrupt JPEG, rejected by the region source) is skipped and counted;
 * anything else (an unreadable shard, misaligned boxes) stops the loader and is rethrown by
 * {@link #next}.
 *
 * <p>Batch layout as the model takes it (reference §5.3): views 1 of the B clips, then views 2
 * of the same clips in the same order.
 */
public final class BatchLoader implements AutoCloseable {
  private final DataSettings settings;
  private final SampleOrder order;
  private final ExampleMaker maker;
  private final ExecutorService workers;
  private final Thread producer;
  private final BlockingQueue<Object> ready;
  private final Map<String, Long> skips = new TreeMap<>();
  private final AtomicLong clips = new AtomicLong();
  private volatile boolean closed;

  /** A loader starting at sample position {@code start} (0 for a fresh run), without an end. */
  public BatchLoader(ClipIndex index, DataSettings settings, long start) {
    this(index, settings, start, Long.MAX_VALUE);
  }

  /**
   * A loader that makes exactly {@code batches} batches from position {@code start}: a run that
   * needs one batch (a one-step start-up check) or the last few of a training does not decode and
   * augment clips nobody will take, which competed with graph building for the cores.
   */
  public BatchLoader(ClipIndex index, DataSettings settings, long start, long batches) {
    if (batches < 1) {
      throw new IllegalArgumentException("a loader makes at least one batch");
    }
    this.settings = settings;
    this.order = new SampleOrder(index, settings.seed(), settings.shuffleBuffer());
    this.maker = new ExampleMaker(index, settings);
    this.workers = Executors.newFixedThreadPool(settings.threads(), r -> {
      Thread t = new Thread(() -> {
        // One clip per thread at a time: OpenCV's own pool would oversubscribe the cores.
        opencv_core.setNumThreads(1);
        r.run();
      }, "constcl-loader");
      t.setDaemon(true);
      return t;
    });
    this.ready = new ArrayBlockingQueue<>(settings.prefetchBatches());
    this.producer = new Thread(() -> produce(start, index.size(), batches), "constcl-batches");
    producer.setDaemon(true);
    producer.start();
  }

  /**
   * The next batch, waiting for it if needed.
   *
   * @throws IOException if the loader failed (the message names the input)
   */
  public LoadedBatch next() throws IOException, InterruptedException {
    Object o = ready.take();
    if (o instanceof LoadedBatch b) {
      return b;
    }
    ready.put(o); // keep the failure for later calls
    if (o instanceof Failure f) {
      throw f.error;
    }
    if (o instanceof End) {
      throw new IllegalStateException("the loader has made every batch it was asked for");
    }
    throw new IllegalStateException("the loader is closed");
  }

  /** Clips skipped so far, by reason. */
  public synchronized Map<String, Long> skips() {
    return new TreeMap<>(skips);
  }

  /** Examples made so far (including skipped clips). */
  public long clipsRead() {
    return clips.get();
  }

  private record Failure(IOException error) {}

  /** After the last batch of a loader with an end. */
  private record End() {}

  private void produce(long start, int datasetSize, long batches) {
    int b = settings.clipsPerBatch();
    int window = Math.max(settings.threads() * 2, b) + b;
    Deque<Future<TrainingExample>> inflight = new ArrayDeque<>();
    long next = start;
    long consumed = start;
    try {
      for (long made = 0; !closed; made++) {
        if (made == batches) {
          ready.put(new End());
          return;
        }
        // Clips still needed if none is skipped: no more are started (a skipped one makes room for another).
        long needed = batches == Long.MAX_VALUE ? Long.MAX_VALUE : (batches - made) * b;
        TrainingBatch batch = newBatch(settings);
        int filled = 0;
        int skipped = 0;
        int consecutiveSkips = 0;
        while (filled < b) {
          while (inflight.size() < Math.min(window, needed - filled)) {
            long p = next++;
            int clip = order.clipAt(p);
            try {
              inflight.add(workers.submit(() -> maker.make(clip, p)));
            } catch (java.util.concurrent.RejectedExecutionException e) {
              return; // closed while filling
            }
          }
          TrainingExample e = inflight.removeFirst().get();
          consumed++;
          clips.incrementAndGet();
          if (e.isSkipped()) {
            skipped++;
            synchronized (this) {
              skips.merge(e.skipReason(), 1L, Long::sum);
            }
            if (++consecutiveSkips > datasetSize) {
              throw new IOException("no usable clip in a whole pass over the dataset (last: " + e.clipId() + ": "
                  + e.skipReason() + ", " + e.skipDetail() + ")");
            }
            continue;
          }
          consecutiveSkips = 0;
          put(settings, batch, filled++, e);
        }
        ready.put(new LoadedBatch(batch, consumed, skipped));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      fail(e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause()
          : new IOException("the loader failed: " + e.getCause(), e.getCause()));
    } catch (IOException e) {
      fail(e);
    } finally {
      inflight.forEach(f -> f.cancel(true));
    }
  }

  private void fail(IOException e) {
    ready.clear();
    ready.offer(new Failure(e));
  }

  /** An empty batch of {@code settings}' shape. */
  static TrainingBatch newBatch(DataSettings settings) {
    int views = 2 * settings.clipsPerBatch();
    return new TrainingBatch(new byte[views * settings.viewBytes()], new float[views * settings.regions() * 4],
        new float[views * settings.regions()]);
  }

  /** Places example {@code e} as clip {@code clip} of {@code batch}: view a in the first half, view b in the second. */
  static void put(DataSettings settings, TrainingBatch batch, int clip, TrainingExample e) {
    int b = settings.clipsPerBatch();
    int n = settings.regions();
    for (int v = 0; v < 2; v++) {
      int row = v * b + clip;
      System.arraycopy(e.views()[v], 0, batch.clips(), row * settings.viewBytes(), settings.viewBytes());
      System.arraycopy(e.boxes()[v], 0, batch.boxes(), row * n * 4, n * 4);
      System.arraycopy(e.masks()[v], 0, batch.masks(), row * n, n);
    }
  }

  @Override
  public void close() {
    closed = true;
    producer.interrupt();
    workers.shutdownNow();
    try {
      producer.join(5000);
      workers.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    maker.close();
  }
}
