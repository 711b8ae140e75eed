// Reductions over all elements or chosen dimensions, and the arg/top-k family.
#include "guard.h"
#include "ops.h"

using namespace wb;

namespace {

at::Tensor reduce_all(int op, const at::Tensor& t) {
  switch (op) {
    case R_SUM: return t.sum();
    case R_MEAN: return t.mean();
    case R_AMAX: return t.max();
    case R_AMIN: return t.min();
    case R_PROD: return t.prod();
    case R_ANY: return t.any();
    case R_ALL: return t.all();
    case R_LOGSUMEXP: return t.flatten().logsumexp(0);
    default: throw std::invalid_argument("unknown reduce op code " + std::to_string(op));
  }
}

at::Tensor reduce_dims(int op, const at::Tensor& t, at::IntArrayRef dims, bool keep) {
  auto single = [&](const char* name) {
    if (dims.size() != 1) throw std::invalid_argument(std::string(name) + " reduces over exactly one dimension");
    return dims[0];
  };
  switch (op) {
    case R_SUM: return t.sum(dims, keep);
    case R_MEAN: return t.mean(dims, keep);
    case R_AMAX: return t.amax(dims, keep);
    case R_AMIN: return t.amin(dims, keep);
    case R_PROD: return t.prod(single("prod"), keep);
    case R_ANY: return t.any(single("any"), keep);
    case R_ALL: return t.all(single("all"), keep);
    case R_LOGSUMEXP: return t.logsumexp(dims, keep);
    default: throw std::invalid_argument("unknown reduce op code " + std::to_string(op));
  }
}

}  // namespace

extern "C" {

wb_tensor wb_reduce(int op, wb_tensor t, const int64_t* dims, int ndims, int keepdim) {
  return tensor_op([&] { return ndims == 0 ? reduce_all(op, T(t)) : reduce_dims(op, T(t), ints(dims, ndims), keepdim); });
}

wb_tensor wb_norm(wb_tensor t, double p, const int64_t* dims, int ndims, int keepdim) {
  return tensor_op([&] { return ndims == 0 ? T(t).norm(p) : T(t).norm(p, ints(dims, ndims), keepdim != 0); });
}

int wb_max_dim(wb_tensor t, int64_t dim, int keepdim, int largest, wb_tensor* values, wb_tensor* indices) {
  return status_op([&] {
    auto r = largest ? T(t).max(dim, keepdim != 0) : T(t).min(dim, keepdim != 0);
    *values = wrap(std::get<0>(r));
    *indices = wrap(std::get<1>(r));
  });
}

wb_tensor wb_argmax(wb_tensor t, int64_t dim, int has_dim, int keepdim) {
  return tensor_op([&] {
    return has_dim ? T(t).argmax(dim, keepdim != 0) : T(t).argmax();
  });
}

int wb_topk(wb_tensor t, int64_t k, int64_t dim, int largest, int sorted, wb_tensor* values, wb_tensor* indices) {
  return status_op([&] {
    auto r = T(t).topk(k, dim, largest != 0, sorted != 0);
    *values = wrap(std::get<0>(r));
    *indices = wrap(std::get<1>(r));
  });
}

int wb_sort(wb_tensor t, int64_t dim, int descending, wb_tensor* values, wb_tensor* indices) {
  return status_op([&] {
    auto r = T(t).sort(dim, descending != 0);
    *values = wrap(std::get<0>(r));
    *indices = wrap(std::get<1>(r));
  });
}

}  // extern "C"
