// Internal helpers shared by every translation unit of the shim: handle wrapping and
// the exception guard that turns any C++ exception into the thread-local last error.
#pragma once
#include <ATen/ATen.h>
#include <atomic>
#include <string>
#include <vector>

#include "workbench_torch.h"

namespace wb {

extern std::atomic<int64_t> live_tensors;
void set_error(const char* message);
void clear_error();

inline at::Tensor& T(wb_tensor h) {
  if (h == nullptr) throw std::invalid_argument("null tensor handle");
  return *reinterpret_cast<at::Tensor*>(h);
}

// Optional tensors arrive as NULL and become an undefined tensor, which ATen reads as "absent".
inline at::Tensor opt(wb_tensor h) { return h == nullptr ? at::Tensor() : *reinterpret_cast<at::Tensor*>(h); }

inline wb_tensor wrap(at::Tensor t) {
  if (!t.defined()) return nullptr;
  live_tensors.fetch_add(1, std::memory_order_relaxed);
  return reinterpret_cast<wb_tensor>(new at::Tensor(std::move(t)));
}

inline at::IntArrayRef ints(const int64_t* p, int n) { return at::IntArrayRef(p, static_cast<size_t>(n < 0 ? 0 : n)); }

inline at::Scalar scalar(double v, int is_int) {
  return is_int ? at::Scalar(static_cast<int64_t>(v)) : at::Scalar(v);
}

inline at::TensorOptions options(int dtype, int device_type, int device_index) {
  return at::TensorOptions()
      .dtype(static_cast<at::ScalarType>(dtype))
      .device(at::Device(static_cast<at::DeviceType>(device_type), static_cast<at::DeviceIndex>(device_index)));
}

// Runs f; returns its result, or `on_error` after recording the exception's message.
template <class R, class F>
R guarded(R on_error, F&& f) noexcept {
  clear_error();
  try {
    return f();
  } catch (const c10::Error& e) {
    set_error(e.what_without_backtrace());
  } catch (const std::exception& e) {
    set_error(e.what());
  } catch (...) {
    set_error("unknown C++ exception in libtorch");
  }
  return on_error;
}

template <class F>
wb_tensor tensor_op(F&& f) noexcept {
  return guarded<wb_tensor>(nullptr, [&] { return wrap(f()); });
}

template <class F>
int status_op(F&& f) noexcept {
  return guarded<int>(-1, [&] { f(); return 0; });
}

}  // namespace wb
