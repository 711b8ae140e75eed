// Tensor creation, metadata, and copying data between C# arrays and tensors.
#include <cstring>

#include "guard.h"

using namespace wb;

extern "C" {

wb_tensor wb_empty(const int64_t* shape, int ndim, int dtype, int device_type, int device_index) {
  return tensor_op([&] { return at::empty(ints(shape, ndim), options(dtype, device_type, device_index)); });
}

wb_tensor wb_full(const int64_t* shape, int ndim, double value, int is_int, int dtype, int device_type,
                  int device_index) {
  return tensor_op(
      [&] { return at::full(ints(shape, ndim), scalar(value, is_int), options(dtype, device_type, device_index)); });
}

wb_tensor wb_rand(const int64_t* shape, int ndim, int dtype, int device_type, int device_index) {
  return tensor_op([&] { return at::rand(ints(shape, ndim), options(dtype, device_type, device_index)); });
}

wb_tensor wb_randn(const int64_t* shape, int ndim, int dtype, int device_type, int device_index) {
  return tensor_op([&] { return at::randn(ints(shape, ndim), options(dtype, device_type, device_index)); });
}

wb_tensor wb_randint(int64_t low, int64_t high, const int64_t* shape, int ndim, int dtype, int device_type,
                     int device_index) {
  return tensor_op(
      [&] { return at::randint(low, high, ints(shape, ndim), options(dtype, device_type, device_index)); });
}

wb_tensor wb_randperm(int64_t n, int dtype, int device_type, int device_index) {
  return tensor_op([&] { return at::randperm(n, options(dtype, device_type, device_index)); });
}

wb_tensor wb_arange(double start, double end, double step, int dtype, int device_type, int device_index) {
  return tensor_op([&] { return at::arange(start, end, step, options(dtype, device_type, device_index)); });
}

wb_tensor wb_from_data(const void* data, const int64_t* shape, int ndim, int dtype) {
  // from_blob borrows the caller's (pinned) memory, so clone before returning.
  return tensor_op([&] {
    auto opts = at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype));
    return at::from_blob(const_cast<void*>(data), ints(shape, ndim), opts).clone();
  });
}

int wb_copy_data(wb_tensor t, void* dst, int64_t nbytes) {
  return status_op([&] {
    at::Tensor src = T(t).detach().to(at::kCPU).contiguous();
    int64_t have = src.numel() * static_cast<int64_t>(src.element_size());
    if (have != nbytes)
      throw std::invalid_argument("copy_data: tensor holds " + std::to_string(have) + " bytes but the destination has " +
                                  std::to_string(nbytes));
    if (nbytes > 0) std::memcpy(dst, src.data_ptr(), static_cast<size_t>(nbytes));
  });
}

int wb_item(wb_tensor t, double* out) {
  return status_op([&] { *out = T(t).item().toDouble(); });
}

int wb_item_long(wb_tensor t, int64_t* out) {
  return status_op([&] { *out = T(t).item().toLong(); });
}

int wb_ndim(wb_tensor t) {
  return guarded<int>(-1, [&] { return static_cast<int>(T(t).dim()); });
}

int wb_shape(wb_tensor t, int64_t* out, int capacity) {
  return guarded<int>(-1, [&] {
    auto sizes = T(t).sizes();
    if (static_cast<int>(sizes.size()) > capacity) throw std::invalid_argument("shape buffer too small");
    for (size_t i = 0; i < sizes.size(); ++i) out[i] = sizes[i];
    return static_cast<int>(sizes.size());
  });
}

int64_t wb_numel(wb_tensor t) {
  return guarded<int64_t>(-1, [&] { return T(t).numel(); });
}

int wb_dtype(wb_tensor t) {
  return guarded<int>(-1, [&] { return static_cast<int>(T(t).scalar_type()); });
}

int wb_device(wb_tensor t, int* type, int* index) {
  return status_op([&] {
    auto d = T(t).device();
    *type = static_cast<int>(d.type());
    *index = static_cast<int>(d.index());
  });
}

int wb_is_contiguous(wb_tensor t) {
  return guarded<int>(-1, [&] { return T(t).is_contiguous() ? 1 : 0; });
}

}  // extern "C"
