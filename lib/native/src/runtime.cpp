// Errors, handle lifetime and process-wide libtorch settings.
#include <torch/cuda.h>
#include <torch/utils.h>
#include <torch/version.h>

#include "guard.h"

namespace wb {
std::atomic<int64_t> live_tensors{0};
static thread_local std::string last_error;
void set_error(const char* message) { last_error = message ? message : "unknown error"; }
void clear_error() { last_error.clear(); }
}  // namespace wb

using namespace wb;

extern "C" {

const char* wb_last_error(void) { return last_error.empty() ? nullptr : last_error.c_str(); }

int64_t wb_live_tensors(void) { return live_tensors.load(std::memory_order_relaxed); }

void wb_tensor_free(wb_tensor t) {
  if (t == nullptr) return;
  live_tensors.fetch_sub(1, std::memory_order_relaxed);
  delete reinterpret_cast<at::Tensor*>(t);
}

int wb_version(int* major, int* minor, int* patch) {
  *major = TORCH_VERSION_MAJOR;
  *minor = TORCH_VERSION_MINOR;
  *patch = TORCH_VERSION_PATCH;
  return 0;
}

int wb_manual_seed(uint64_t seed) { return status_op([&] { torch::manual_seed(seed); }); }

int wb_get_num_threads(void) { return at::get_num_threads(); }

int wb_set_num_threads(int n) { return status_op([&] { at::set_num_threads(n); }); }

int wb_cuda_is_available(void) { return guarded<int>(0, [] { return torch::cuda::is_available() ? 1 : 0; }); }

int wb_cuda_device_count(void) { return guarded<int>(0, [] { return static_cast<int>(torch::cuda::device_count()); }); }

int wb_cuda_synchronize(int device_index) {
  return status_op([&] { torch::cuda::synchronize(static_cast<int64_t>(device_index)); });
}

}  // extern "C"
