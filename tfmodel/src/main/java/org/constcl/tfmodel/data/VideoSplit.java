package org.constcl.tfmodel.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A clip dataset split by video into training and held-out clips: a seeded choice of
 * {@code ceil(fraction · videos)} videos (at least one, never all) whose clips are never trained
 * on. Same dataset, fraction and seed give the same split (the trainer passes seed 0, so training
 * seeds do not move the split).
 *
 * @param train the clips training reads
 * @param heldOut the clips of the held-out videos
 * @param heldOutVideos their video ids, sorted
 */
public record VideoSplit(ClipIndex train, ClipIndex heldOut, List<String> heldOutVideos) {
  public static VideoSplit of(ClipIndex index, double fraction, long seed) throws IOException {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("a validation split needs a fraction in (0, 1), got " + fraction);
    }
    List<String> ids = index.videoIds();
    List<String> videos = new ArrayList<>(new TreeSet<>(ids));
    if (videos.size() < 2) {
      throw new IOException("clip dataset " + index.clips() + " holds " + videos.size() + " video; a validation split by"
          + " video needs at least 2 (or give --validation-clips)");
    }
    int count = Math.min(videos.size() - 1, Math.max(1, (int) Math.ceil(fraction * videos.size())));
    int[] order = SampleOrder.permutation(videos.size(), new SplittableRandom(SampleOrder.mix(seed, 0x7a11_da7eL, 0)));
    Set<String> held = new HashSet<>();
    for (int i = 0; i < count; i++) {
      held.add(videos.get(order[i]));
    }
    return new VideoSplit(index.restrict(i -> !held.contains(ids.get(i))), index.restrict(i -> held.contains(ids.get(i))),
        List.copyOf(new TreeSet<>(held)));
  }
}
