#!/usr/bin/env bash
# Packs the workbench for a GPU machine that has CUDA, CMake and PyTorch but no .NET: the test program
# (an xunit v3 executable) published self-contained, which brings the CLI along in the same folder. The shim's sources
# and the benchmark scripts travel with the checkout; verify.sh builds the shim there.
#   bench/gpu/pack.sh [OUTPUT]     default OUTPUT: .gpu/workbench-gpu.tar.xz (git-ignored)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUTPUT="${1:-$ROOT/.gpu/workbench-gpu.tar.xz}"
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT

dotnet publish "$ROOT/tests/Workbench.Tests/Workbench.Tests.csproj" -c Release -r linux-x64 --self-contained -nologo -v quiet -o "$STAGE/workbench" >/dev/null
[ -x "$STAGE/workbench/Workbench.Cli" ] || { echo "pack: the published folder has no Workbench.Cli" >&2; exit 1; }
# The shim built here is for this machine's libtorch; verify.sh puts one built against the GPU machine's in its place.
rm -f "$STAGE/workbench/libworkbench_torch.so"
mkdir -p "$(dirname "$OUTPUT")"
tar -cJf "$OUTPUT" -C "$STAGE" workbench
echo "packed: $OUTPUT ($(du -h "$OUTPUT" | cut -f1))"
