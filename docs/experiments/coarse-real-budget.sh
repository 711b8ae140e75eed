#!/usr/bin/env bash
# Coarse pruning (Anwar and Sung) at a real budget, on Fashion-MNIST: the runs behind docs/results.md,
# section "Coarse pruning at a real budget".
#   docs/experiments/coarse-real-budget.sh [BASELINE.safetensors] [OUT_DIR]
# BASELINE defaults to the committed ConvNet at width 0.25 (docs/experiments/baselines.sh made it).
# Masks are chosen on 1000 validation images carved from the training set with the baseline's split seed (0),
# whatever --seed is: prune takes them from the images the baseline held out. Every retraining
# uses the whole remaining training split (59,000 images) with the masks fixed; test MCR is on the
# 10,000 test images. Every `prune` resumes from its last finished layer, and a finished run is skipped,
# so the script can be stopped at any time and rerun. Each run took about an hour on 2 cores while retraining
# ran the masked network at its dense cost; `prune` now retrains a compacted copy (the same training up to
# rounding, about 1.8 times faster: docs/performance.md), from combined-l1's third layer on.
set -euo pipefail
cd "$(dirname "$0")/../.."
BASE=${1:-docs/experiments/checkpoints/convnet-w0.25.safetensors}
OUT=${2:-data/runs/coarse-real}
WB=${WORKBENCH:-./workbench}
mkdir -p "$OUT"
# The runs already finished and committed (for the default baseline) count as done in a fresh checkout.
DONE=docs/experiments/results/coarse-real
if [ "$BASE" = docs/experiments/checkpoints/convnet-w0.25.safetensors ] && [ -d "$DONE" ]; then
  for f in "$DONE"/*.report.json; do [ -e "$OUT/$(basename "$f")" ] || cp "$f" "$OUT/"; done
fi
# The schedule every run shares: layer by layer, 3 retraining epochs per layer, then a 10-epoch final fine-tune.
SCHEDULE=(--schedule layerwise --retrain-epochs 3 --final-epochs 10 --lr 0.01 --validation 1000)
run() { local name=$1; shift; [ -f "$OUT/$name.report.json" ] || $WB prune "$BASE" "$@" --out "$OUT/$name.safetensors"; }

# The runs go in the order of what they tell: the headline (seed 0), the budget curve that separates the
# method from the budget, the L1 control, the headline's other seeds, then the other controls; a partial run is evidence already.
# 1. The headline row: combined (feature maps 0.5, then kernels 0.5 of the survivors), least-adversarial N=50, seed 0.
HEADLINE=(--granularity combined --ratio 0.5 --kernel-ratio 0.5 --select least-adversarial --trials 50)
run combined-s0 "${HEADLINE[@]}" --seed 0 "${SCHEDULE[@]}" --compact

# 2. The budget curve: the headline configuration (seed 0) with less and more retraining per layer, no final fine-tune.
CURVE=(--granularity combined --ratio 0.5 --kernel-ratio 0.5 --select least-adversarial --trials 50 --seed 0 --schedule layerwise --lr 0.01 --validation 1000)
run budget-20k-1 "${CURVE[@]}" --retrain-epochs 1 --retrain-limit 20000
run budget-full-1 "${CURVE[@]}" --retrain-epochs 1
run budget-full-3 "${CURVE[@]}" --retrain-epochs 3
run budget-full-6 "${CURVE[@]}" --retrain-epochs 6

# 3. The L1 control at the same schedule and budget (seed 0).
run combined-l1 --granularity combined --ratio 0.5 --kernel-ratio 0.5 --select l1 --seed 0 "${SCHEDULE[@]}" --compact

# 4. The headline row's other two seeds (before the other controls: the target is a mean over three seeds).
for seed in 1 2; do run "combined-s$seed" "${HEADLINE[@]}" --seed "$seed" "${SCHEDULE[@]}" --compact; done

# 5. The other controls at the same schedule and budget (seed 0): feature maps alone at about the same sparsity
#    (does combining help, as the paper says?), random selection, then kernels alone, the longest run (removing
#    kernels seldom leaves a map unread, so it retrains at about the dense cost: about an hour).
run feature-map-only --granularity feature-map --ratio 0.62 --select least-adversarial --trials 50 --seed 0 "${SCHEDULE[@]}" --compact
run combined-random --granularity combined --ratio 0.5 --kernel-ratio 0.5 --select random --seed 0 "${SCHEDULE[@]}" --compact
run kernel-only --granularity kernel --ratio 0.87 --select least-adversarial --trials 50 --seed 0 "${SCHEDULE[@]}"

/usr/bin/python3 docs/experiments/summarize-coarse-real.py "$OUT"
