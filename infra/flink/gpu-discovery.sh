#!/usr/bin/env bash
# GPU discovery script for Flink's GPU driver (flink-external-resource-gpu), which runs it as
#   gpu-discovery.sh <amount> [args]
# and reads the indices of the GPUs this TaskManager offers, comma-separated, from stdout.
#
#   (no args)   the first <amount> NVIDIA GPUs nvidia-smi lists; fails if there are fewer
#   --declare   indices 0..<amount>-1 without looking for GPUs: for scheduling tests on machines
#               without GPUs (constcl cluster start --gpus-per-taskmanager G --declare-gpus)
set -euo pipefail
amount="${1:?usage: gpu-discovery.sh <amount> [--declare]}"
if [ "${2:-}" = "--declare" ]; then
  seq -s, 0 $((amount - 1))
  exit 0
fi
command -v nvidia-smi >/dev/null 2>&1 || { echo "gpu-discovery.sh: nvidia-smi not found" >&2; exit 1; }
indices="$(nvidia-smi --query-gpu=index --format=csv,noheader | head -n "$amount" | paste -sd, -)"
found="$(echo "$indices" | tr ',' '\n' | grep -c . || true)"
if [ "$found" -lt "$amount" ]; then
  echo "gpu-discovery.sh: $amount GPUs requested, $found found ($indices)" >&2
  exit 1
fi
echo "$indices"
