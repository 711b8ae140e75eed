#!/usr/bin/env bash
# Similarity-guided layer-vs-filter pruning (do Nascimento et al.) on Fashion-MNIST with ResNet20: the runs
# behind docs/results.md, section "Layer vs filter pruning".
#   docs/experiments/layer-vs-filter.sh BASELINE.safetensors [OUT_DIR]
# BASELINE comes from:
#   ./workbench train --model resnet20 --dataset fashion-mnist --epochs 6 --lr 0.1 --schedule cosine --seed 0 --validation 5000 --out data/runs/resnet20/resnet20-fmnist.safetensors
# The method (both candidates, CKA decides) against layer-only and filter-only pruning to the same MAC budget.
# Each candidate is fine-tuned for 2 epochs on the first 20000 training images (the authors: about 10 epochs
# on all of CIFAR-10); CKA and accuracy use the 5000 held-out images the baseline never trained on.
# --min-blocks 1: with the authors' 2, ResNet20 has only three removable blocks, too few for 60% by layers alone.
set -euo pipefail
cd "$(dirname "$0")/../.."
BASE=${1:?usage: layer-vs-filter.sh BASELINE.safetensors [OUT_DIR]}
OUT=${2:-data/runs/resnet20}
WB=${WORKBENCH:-./workbench}
mkdir -p "$OUT"
COMMON=(--target-mac-reduction 0.6 --finetune-epochs 2 --finetune-limit 20000 --min-blocks 1 --match filters --cka-images 500 --validation 5000 --seed 0)

for only in both layers filters; do
  [ -f "$OUT/loop-$only.loop.json" ] || $WB prune-loop "$BASE" --only "$only" "${COMMON[@]}" --out "$OUT/loop-$only.safetensors"
done
# Matched by filter count, a filter step can remove far more MACs than a block (the lowest-L1 filters sit in the
# widest maps); this filter-only run matches each step's MACs to the block instead, for steps the size of layer-only's.
[ -f "$OUT/loop-filters-macs.loop.json" ] || $WB prune-loop "$BASE" --only filters "${COMMON[@]/filters/macs}" --out "$OUT/loop-filters-macs.safetensors"

/usr/bin/python3 docs/experiments/summarize-loops.py "$OUT"
