#!/usr/bin/env bash
# The two baselines that the real-budget reproductions (issue: headline results at a real budget) prune.
#   docs/experiments/baselines.sh [OUT_DIR]      (default data/runs/baselines; resumes when rerun)
# Fashion-MNIST, 5000 validation images carved from the training set (seed 0), no augmentation, SGD
# momentum 0.9, weight decay 1e-4, batch 128, cosine schedule from lr 0.1.
# - ConvNet at width 0.25 (the paper's (2x128C3)-MP2-(2x128C3)-MP2-(2x256C3)-256FC-10 at a quarter width):
#   20 epochs, about 2 minutes each on 2 cores.
# - ResNet20: 8 epochs, about 3.5 minutes each on 2 cores.
# Each `train` writes its checkpoint (the model alone) and metrics every epoch and resumes from them,
# so the script can be stopped at any time and rerun.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-data/runs/baselines}
WB=${WORKBENCH:-./workbench}
mkdir -p "$OUT"
$WB train --model convnet --width 0.25 --epochs 20 --lr 0.1 --schedule cosine --seed 0 --validation 5000 --out "$OUT/convnet-w0.25.safetensors"
$WB train --model resnet20 --epochs 8 --lr 0.1 --schedule cosine --seed 0 --validation 5000 --out "$OUT/resnet20.safetensors"
