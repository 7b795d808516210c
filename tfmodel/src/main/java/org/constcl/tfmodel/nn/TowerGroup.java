package org.constcl.tfmodel.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Builds the towers of a replicated training graph in lockstep, so layers that need every tower's
 * tensors (synchronised batch norm) can be written as for one tower. Each tower's build function
 * runs on its own thread, but only one runs at a time, in a fixed order: tower 0 up to its first
 * {@link Member#exchange}, tower 1 up to the same point, …, then the exchange's combine function
 * over every tower's contribution, then tower 0 again. Graph construction is therefore
 * sequential and identical from run to run (op names and node order, on which TensorFlow's
 * gradient sums depend). Towers must make the same exchanges in the same order, which identical
 * tower graphs do.
 */
public final class TowerGroup {
  private final int towers;
  private final Object lock = new Object();
  private int holder;
  private final Object[] contributions;
  private Object combined;
  private int exchanges;
  private Throwable failure;

  private TowerGroup(int towers) {
    this.towers = towers;
    this.contributions = new Object[towers];
  }

  /** One tower: its index, the group's size, and the lockstep exchange. */
  public final class Member {
    private final int index;

    private Member(int index) {
      this.index = index;
    }

    public int index() {
      return index;
    }

    public int towers() {
      return towers;
    }

    /**
     * Hands {@code contribution} to the group and waits until every tower has handed its own; the
     * last tower runs {@code combine} over them (in tower order) and every tower gets its result.
     */
    @SuppressWarnings("unchecked")
    public <C, R> R exchange(C contribution, Function<List<C>, R> combine) {
      synchronized (lock) {
        contributions[index] = contribution;
        if (index == towers - 1) {
          List<C> all = new ArrayList<>();
          for (Object c : contributions) {
            all.add((C) c);
          }
          Arrays.fill(contributions, null);
          combined = combine.apply(all);
          exchanges++;
          pass(0);
        } else {
          pass(index + 1);
        }
        awaitTurn(index);
        return (R) combined;
      }
    }
  }

  /**
   * Runs {@code build} for towers 0…{@code towers}−1 in lockstep and returns their results in
   * tower order. With one tower it runs on the caller's thread.
   */
  public static <T> List<T> run(int towers, Function<Member, T> build) {
    if (towers < 1) {
      throw new IllegalArgumentException("towers must be ≥ 1, got " + towers);
    }
    TowerGroup group = new TowerGroup(towers);
    if (towers == 1) {
      return List.of(build.apply(group.new Member(0)));
    }
    List<T> results = new ArrayList<>();
    for (int i = 0; i < towers; i++) {
      results.add(null);
    }
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < towers; i++) {
      Member member = group.new Member(i);
      Thread t = new Thread(() -> {
        try {
          synchronized (group.lock) {
            group.awaitTurn(member.index);
          }
          T result = build.apply(member);
          synchronized (group.lock) {
            results.set(member.index, result);
            // A finished tower hands on; the last one's exchanges must match the others'.
            group.pass(member.index == towers - 1 ? -1 : member.index + 1);
          }
        } catch (Throwable e) {
          synchronized (group.lock) {
            if (group.failure == null) {
              group.failure = e;
            }
            group.lock.notifyAll();
          }
        }
      }, "tower-build-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while building towers", e);
      }
    }
    if (group.failure != null) {
      if (group.failure instanceof RuntimeException re) {
        throw re;
      }
      if (group.failure instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(group.failure);
    }
    return results;
  }

  private void pass(int next) {
    holder = next;
    lock.notifyAll();
  }

  private void awaitTurn(int index) {
    while (holder != index) {
      if (failure != null) {
        throw new TowerAborted();
      }
      if (holder == -1) {
        throw new IllegalStateException("tower " + index + " waits for an exchange the last tower never made ("
            + exchanges + " made): the towers' graphs differ");
      }
      try {
        lock.wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while building tower " + index, e);
      }
    }
  }

  /** Thrown in a waiting tower when another tower failed; the first failure is what the caller sees. */
  private static final class TowerAborted extends RuntimeException {
    TowerAborted() {
      super("another tower failed", null, false, false);
    }
  }
}
