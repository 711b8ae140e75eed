// Views, reshaping, joining and indexing.
#include "guard.h"

using namespace wb;

namespace {
std::vector<at::Tensor> gather_list(const wb_tensor* ts, int n) {
  std::vector<at::Tensor> list;
  list.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) list.push_back(T(ts[i]));
  return list;
}
}  // namespace

extern "C" {

wb_tensor wb_reshape(wb_tensor t, const int64_t* shape, int ndim) {
  return tensor_op([&] { return T(t).reshape(ints(shape, ndim)); });
}

wb_tensor wb_view(wb_tensor t, const int64_t* shape, int ndim) {
  return tensor_op([&] { return T(t).view(ints(shape, ndim)); });
}

wb_tensor wb_permute(wb_tensor t, const int64_t* dims, int ndim) {
  return tensor_op([&] { return T(t).permute(ints(dims, ndim)); });
}

wb_tensor wb_transpose(wb_tensor t, int64_t d0, int64_t d1) {
  return tensor_op([&] { return T(t).transpose(d0, d1); });
}

wb_tensor wb_flatten(wb_tensor t, int64_t start, int64_t end) {
  return tensor_op([&] { return T(t).flatten(start, end); });
}

wb_tensor wb_contiguous(wb_tensor t) { return tensor_op([&] { return T(t).contiguous(); }); }

wb_tensor wb_squeeze(wb_tensor t, int64_t dim) { return tensor_op([&] { return T(t).squeeze(dim); }); }

wb_tensor wb_unsqueeze(wb_tensor t, int64_t dim) { return tensor_op([&] { return T(t).unsqueeze(dim); }); }

wb_tensor wb_expand(wb_tensor t, const int64_t* shape, int ndim) {
  return tensor_op([&] { return T(t).expand(ints(shape, ndim)); });
}

wb_tensor wb_repeat(wb_tensor t, const int64_t* repeats, int ndim) {
  return tensor_op([&] { return T(t).repeat(ints(repeats, ndim)); });
}

wb_tensor wb_flip(wb_tensor t, const int64_t* dims, int ndim) {
  return tensor_op([&] { return T(t).flip(ints(dims, ndim)); });
}

wb_tensor wb_narrow(wb_tensor t, int64_t dim, int64_t start, int64_t length) {
  return tensor_op([&] { return T(t).narrow(dim, start, length); });
}

wb_tensor wb_slice(wb_tensor t, int64_t dim, int64_t start, int64_t end, int64_t step) {
  return tensor_op([&] { return T(t).slice(dim, start, end, step); });
}

wb_tensor wb_select(wb_tensor t, int64_t dim, int64_t index) {
  return tensor_op([&] { return T(t).select(dim, index); });
}

wb_tensor wb_index_select(wb_tensor t, int64_t dim, wb_tensor index) {
  return tensor_op([&] { return T(t).index_select(dim, T(index)); });
}

wb_tensor wb_gather(wb_tensor t, int64_t dim, wb_tensor index) {
  return tensor_op([&] { return T(t).gather(dim, T(index)); });
}

wb_tensor wb_nonzero(wb_tensor t) { return tensor_op([&] { return T(t).nonzero(); }); }

wb_tensor wb_cat(const wb_tensor* ts, int n, int64_t dim) {
  return tensor_op([&] { return at::cat(gather_list(ts, n), dim); });
}

wb_tensor wb_stack(const wb_tensor* ts, int n, int64_t dim) {
  return tensor_op([&] { return at::stack(gather_list(ts, n), dim); });
}

wb_tensor wb_constant_pad(wb_tensor t, const int64_t* pad, int npad, double value) {
  return tensor_op([&] { return at::constant_pad_nd(T(t), ints(pad, npad), value); });
}

wb_tensor wb_clone(wb_tensor t) { return tensor_op([&] { return T(t).clone(); }); }

wb_tensor wb_detach(wb_tensor t) { return tensor_op([&] { return T(t).detach(); }); }

// A second handle to the same tensor (shared storage and autograd identity).
wb_tensor wb_alias(wb_tensor t) { return tensor_op([&] { return at::Tensor(T(t)); }); }

wb_tensor wb_matmul(wb_tensor a, wb_tensor b) { return tensor_op([&] { return T(a).matmul(T(b)); }); }

wb_tensor wb_mm(wb_tensor a, wb_tensor b) { return tensor_op([&] { return T(a).mm(T(b)); }); }

wb_tensor wb_addmm(wb_tensor bias, wb_tensor a, wb_tensor b, double beta, double alpha) {
  return tensor_op([&] { return at::addmm(T(bias), T(a), T(b), beta, alpha); });
}

}  // extern "C"
