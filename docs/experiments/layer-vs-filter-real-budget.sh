#!/usr/bin/env bash
# Similarity-guided layer-vs-filter pruning (do Nascimento et al.) at a real budget, ResNet20 on
# Fashion-MNIST: the runs behind docs/results.md, section "Layer vs filter at a real budget".
#   docs/experiments/layer-vs-filter-real-budget.sh [BASELINE.safetensors] [OUT_DIR]
# BASELINE defaults to the committed ResNet20 (docs/experiments/baselines.sh made it).
# Each candidate is fine-tuned as the authors do (SGD lr 0.01, momentum 0.9, Nesterov, batch 128), here for
# 3 epochs on the whole training split; CKA and accuracy use the 5000 held-out images; the chosen network
# gets a 10-epoch final fine-tune. The baselines: the predecessor's layer-only rule and filter-only,
# compared at matched MACs (filter-only matches each step's MACs to a block). Each loop resumes from its
# last iteration; a finished one is skipped.
set -euo pipefail
cd "$(dirname "$0")/../.."
BASE=${1:-docs/experiments/checkpoints/resnet20.safetensors}
OUT=${2:-data/runs/layer-vs-filter-real}
WB=${WORKBENCH:-./workbench}
mkdir -p "$OUT"
COMMON=(--target-mac-reduction 0.6 --finetune-epochs 3 --final-epochs 10 --min-blocks 1 --cka-images 500 --validation 5000 --seed 0)
[ -f "$OUT/loop-both.loop.json" ] || $WB prune-loop "$BASE" --only both --match filters "${COMMON[@]}" --out "$OUT/loop-both.safetensors"
[ -f "$OUT/loop-layers.loop.json" ] || $WB prune-loop "$BASE" --only layers "${COMMON[@]}" --out "$OUT/loop-layers.safetensors"
[ -f "$OUT/loop-filters-macs.loop.json" ] || $WB prune-loop "$BASE" --only filters --match macs "${COMMON[@]}" --out "$OUT/loop-filters-macs.safetensors"
/usr/bin/python3 docs/experiments/summarize-loops.py "$OUT"
