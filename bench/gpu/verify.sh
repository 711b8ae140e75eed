#!/usr/bin/env bash
# On a GPU machine (NVIDIA driver, CUDA, CMake, PyTorch 2.x; no .NET), from the checkout's root, in one go:
# build the shim against PyTorch's own libtorch, then run the CUDA test category and the GPU benchmarks.
#   bench/gpu/verify.sh [--quick] [--cpu] [BUNDLE]     BUNDLE from pack.sh, default .gpu/workbench-gpu.tar.xz
# --cpu rehearses every step on a machine without a GPU (the CUDA tests then report skipped).
# Everything it finds is written to RESULTS (default: $OUT if set, else gpu-results/), in seven files: gpu.txt
# (machine, libtorch, the shim's libraries, `info`), shim-build.log, cuda-tests.txt/.trx, bench.txt, benchmarks.md/.json.
set -uo pipefail
QUICK="" DEVICE=cuda
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK="--quick" ;;
    --cpu) DEVICE=cpu ;;
    *) break ;;
  esac
  shift
done
BUNDLE="${1:-.gpu/workbench-gpu.tar.xz}"
RESULTS="${RESULTS:-${OUT:-gpu-results}}"
WORK="${WORK:-/tmp/workbench-gpu}"
PYTHON="${WORKBENCH_PYTHON:-python3}"
mkdir -p "$RESULTS" "$WORK"
RESULTS="$(cd "$RESULTS" && pwd)"
step() { echo; echo "== $*"; }
fail() { echo "verify: $*" >&2; exit 1; }

step "machine"
: >"$RESULTS/gpu.txt"
[ "$DEVICE" = cuda ] && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv | tee -a "$RESULTS/gpu.txt"
"$PYTHON" -c 'import sys, torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "cudnn", torch.backends.cudnn.version(),
    "gpu", torch.cuda.get_device_name(0) if sys.argv[1] == "cuda" else "none")' "$DEVICE" \
  | tee -a "$RESULTS/gpu.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || fail "$PYTHON has no working PyTorch for $DEVICE (WORKBENCH_PYTHON picks another)"

step "unpack $BUNDLE"
[ -f "$BUNDLE" ] || fail "no bundle at $BUNDLE: run bench/gpu/pack.sh on a machine with the .NET SDK"
rm -rf "$WORK/workbench" && tar -xJf "$BUNDLE" -C "$WORK" || fail "could not unpack $BUNDLE"

step "build the shim against PyTorch's libtorch"
TORCH_PREFIX="$("$PYTHON" -c 'import torch; print(torch.utils.cmake_prefix_path)')"
CUDA_ARGS=()
[ "$DEVICE" = cuda ] && CUDA_ARGS=(-DCMAKE_CUDA_COMPILER="$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)")
rm -rf "$WORK/build-native"
# shellcheck disable=SC2086
{ cmake -S lib/native -B "$WORK/build-native" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$TORCH_PREFIX" "${CUDA_ARGS[@]}" ${WORKBENCH_CMAKE_ARGS:-} \
  && cmake --build "$WORK/build-native" -j "$(nproc)"; } >"$RESULTS/shim-build.log" 2>&1 \
  || { tail -40 "$RESULTS/shim-build.log"; fail "the shim did not build (whole log: shim-build.log)"; }
grep -o '_GLIBCXX_USE_CXX11_ABI=[01]' "$WORK/build-native/CMakeFiles/workbench_torch.dir/flags.make" | sort -u | tee -a "$RESULTS/gpu.txt"
cp "$WORK/build-native/libworkbench_torch.so" "$WORK/workbench/"
ldd "$WORK/workbench/libworkbench_torch.so" | grep -E 'torch|c10|cuda|cudnn|cublas' | tee -a "$RESULTS/gpu.txt"

step "workbench info"
INFO="$("$WORK/workbench/Workbench.Cli" info)"
echo "$INFO" | tee -a "$RESULTS/gpu.txt"
[ "$DEVICE" = cpu ] || echo "$INFO" | grep -q "device(s)" || fail "the shim sees no CUDA device (gpu.txt lists its libraries: libtorch_cuda must be among them)"

step "CUDA test category"
"$WORK/workbench/Workbench.Tests" -trait "Category=Cuda" -trx "$RESULTS/cuda-tests.trx" 2>&1 | tee "$RESULTS/cuda-tests.txt"
TESTS=${PIPESTATUS[0]}

step "GPU benchmarks"
WORKBENCH_PYTHON="$PYTHON" "$WORK/workbench/Workbench.Cli" bench --device "$DEVICE" $QUICK --only training epochs inference kernels search \
  --out "$RESULTS" 2>&1 | tee "$RESULTS/bench.txt"
BENCH=${PIPESTATUS[0]}

step "done: tests exit $TESTS, benchmarks exit $BENCH; results in $RESULTS"
[ "$TESTS" -eq 0 ] && [ "$BENCH" -eq 0 ]
