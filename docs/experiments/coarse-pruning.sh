#!/usr/bin/env bash
# Coarse pruning (Anwar and Sung) on Fashion-MNIST: the runs behind docs/results.md, section "Coarse pruning".
#   docs/experiments/coarse-pruning.sh BASELINE.safetensors [OUT_DIR]
# BASELINE comes from:
#   ./workbench train --model convnet --width 0.125 --epochs 15 --lr 0.1 --schedule cosine --seed 0 --validation 5000 --out data/runs/convnet-w0.125.safetensors
# Every run chooses masks on 1000 validation images carved from the training set (seed 0), retrains on
# the first 20000 remaining training images, and reports on the 10000 test images.
set -euo pipefail
cd "$(dirname "$0")/../.."
BASE=${1:?usage: coarse-pruning.sh BASELINE.safetensors [OUT_DIR]}
OUT=${2:-data/runs/coarse}
WB=${WORKBENCH:-./workbench}
mkdir -p "$OUT"
COMMON=(--validation 1000 --seed 0 --retrain-limit 20000 --lr 0.01)

# 1. Sensitivity per layer, no retraining.
for g in feature-map kernel; do
  [ -f "$OUT/sensitivity-$g.csv" ] || $WB sensitivity "$BASE" --granularity "$g" --validation 1000 --seed 0 --out "$OUT/sensitivity-$g.csv"
done

# 2. Least-adversarial (N=20) vs L1 vs a single random mask, one-shot at one ratio in every layer, then one retraining epoch.
for g in feature-map kernel; do
  for r in 0.3 0.5 0.7; do
    for s in least-adversarial l1 random; do
      name="$OUT/$g-$r-$s"
      [ -f "$name.report.json" ] || $WB prune "$BASE" --granularity "$g" --ratio "$r" --select "$s" --trials 20 \
        --schedule oneshot --retrain-epochs 1 "${COMMON[@]}" --out "$name.safetensors"
    done
  done
done

# 3. Combined pruning towards the paper's headline (>= 85% conv sparsity, <= 1 point MCR increase):
#    feature maps then kernels of the surviving maps, layer by layer with retraining after each layer.
for combo in "0.5 0.4" "0.3 0.75"; do
  set -- $combo
  name="$OUT/combined-$1-$2"
  [ -f "$name.report.json" ] || $WB prune "$BASE" --granularity combined --ratio "$1" --kernel-ratio "$2" --select least-adversarial --trials 20 \
    --schedule layerwise --retrain-epochs 1 "${COMMON[@]}" --compact --out "$name.safetensors"
done

/usr/bin/python3 docs/experiments/summarize-coarse.py "$OUT"
