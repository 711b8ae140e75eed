#!/usr/bin/env bash
# Issue #28: the layer-vs-filter loop at the authors' own schedule, ResNet20 on Fashion-MNIST (a budget curve).
#   docs/experiments/layer-vs-filter-schedule.sh [BASELINE.safetensors] [OUT_DIR]
# Every point starts from the committed ResNet20 and shares the real-budget loop's settings (target 60% fewer
# MACs, 500 CKA images, 5000 held-out images, seed 0); what varies is what the issue asks about:
#   train-10, train-30   the chosen network trained 10 / 30 epochs at every iteration (the authors' step schedule,
#                        lr 0.01 then /10 and /100 at 100/190 and 150/190 of the epochs, crop-and-flip augmentation)
#   train-10-ft10        the same as train-10 with candidates fine-tuned 10 epochs (the authors') instead of 3
#   train-10-kl          the same as train-10 with filters chosen by KL divergence instead of L1
# The 0-epoch point is today's committed loop (docs/experiments/results/layer-vs-filter-real/loop-both.*).
# Each loop resumes from its last iteration, and inside an iteration from its last epoch; a finished one is skipped.
# Estimated cost on 2 cores (docs/results.md, "Planning the authors' schedule"; estimates, not measurements): about
# 2.5 h for train-10, 5 h for train-10-kl, 4.7 h for train-10-ft10, 5.7 h for train-30. Run it with nohup, logs under data/runs/.
set -euo pipefail
cd "$(dirname "$0")/../.."
BASE=${1:-docs/experiments/checkpoints/resnet20.safetensors}
OUT=${2:-data/runs/layer-vs-filter-schedule}
WB=${WORKBENCH:-./workbench}
mkdir -p "$OUT"
COMMON=(--only both --match filters --target-mac-reduction 0.6 --final-epochs 10 --min-blocks 1 --cka-images 500 --validation 5000 --seed 0
        --train-schedule step --train-augmentation on)
run() {
  local name=$1; shift
  [ -f "$OUT/$name.loop.json" ] && return 0
  echo "== $name ($(date -u +%FT%TZ))"
  $WB prune-loop "$BASE" "${COMMON[@]}" "$@" --out "$OUT/$name.safetensors"
}
run train-10 --finetune-epochs 3 --train-epochs 10
run train-10-kl --finetune-epochs 3 --train-epochs 10 --criterion kl
run train-10-ft10 --finetune-epochs 10 --train-epochs 10
run train-30 --finetune-epochs 3 --train-epochs 30
/usr/bin/python3 docs/experiments/summarize-loops.py "$OUT"
