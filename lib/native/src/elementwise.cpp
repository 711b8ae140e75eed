// Element-wise arithmetic, comparisons and the in-place updates an optimizer needs.
#include "guard.h"
#include "ops.h"

#include <c10/util/Optional.h>  // c10::optional: stated, not left to ATen to include

using namespace wb;

namespace {

// libtorch rejects a floating alpha for integral tensors, so a whole-number alpha travels as an integer.
at::Scalar alpha_for(const at::Tensor& t, double alpha) {
  bool integral = at::isIntegralType(t.scalar_type(), /*includeBool=*/true);
  return integral && alpha == static_cast<double>(static_cast<int64_t>(alpha)) ? at::Scalar(static_cast<int64_t>(alpha))
                                                                                : at::Scalar(alpha);
}


at::Tensor unary(int op, const at::Tensor& t) {
  switch (op) {
    case U_NEG: return t.neg();
    case U_ABS: return t.abs();
    case U_SQRT: return t.sqrt();
    case U_RSQRT: return t.rsqrt();
    case U_EXP: return t.exp();
    case U_LOG: return t.log();
    case U_RELU: return t.relu();
    case U_SIGMOID: return t.sigmoid();
    case U_TANH: return t.tanh();
    case U_SIGN: return t.sign();
    case U_FLOOR: return t.floor();
    case U_CEIL: return t.ceil();
    case U_ROUND: return t.round();
    case U_RECIPROCAL: return t.reciprocal();
    case U_SQUARE: return t.square();
    case U_LOGICAL_NOT: return t.logical_not();
    case U_ISNAN: return t.isnan();
    case U_ISINF: return t.isinf();
    case U_ISFINITE: return t.isfinite();
    case U_SIN: return t.sin();
    case U_COS: return t.cos();
    case U_LOG1P: return t.log1p();
    default: throw std::invalid_argument("unknown unary op code " + std::to_string(op));
  }
}

void unary_(int op, at::Tensor& t) {
  switch (op) {
    case U_NEG: t.neg_(); return;
    case U_ABS: t.abs_(); return;
    case U_SQRT: t.sqrt_(); return;
    case U_EXP: t.exp_(); return;
    case U_LOG: t.log_(); return;
    case U_RELU: t.relu_(); return;
    case U_SIGMOID: t.sigmoid_(); return;
    case U_TANH: t.tanh_(); return;
    case U_RECIPROCAL: t.reciprocal_(); return;
    case U_ZERO: t.zero_(); return;
    default: throw std::invalid_argument("unary op code " + std::to_string(op) + " has no in-place form");
  }
}

at::Tensor binary(int op, const at::Tensor& a, const at::Tensor& b) {
  switch (op) {
    case B_ADD: return a.add(b);
    case B_SUB: return a.sub(b);
    case B_MUL: return a.mul(b);
    case B_DIV: return a.div(b);
    case B_POW: return a.pow(b);
    case B_EQ: return a.eq(b);
    case B_NE: return a.ne(b);
    case B_LT: return a.lt(b);
    case B_LE: return a.le(b);
    case B_GT: return a.gt(b);
    case B_GE: return a.ge(b);
    case B_MAXIMUM: return at::maximum(a, b);
    case B_MINIMUM: return at::minimum(a, b);
    case B_LOGICAL_AND: return a.logical_and(b);
    case B_LOGICAL_OR: return a.logical_or(b);
    case B_REMAINDER: return a.remainder(b);
    case B_RSUB: return b.sub(a);
    case B_RDIV: return b.div(a);
    default: throw std::invalid_argument("unknown binary op code " + std::to_string(op));
  }
}

void binary_(int op, at::Tensor& a, const at::Tensor& b, double alpha) {
  switch (op) {
    case B_ADD: a.add_(b, alpha_for(a, alpha)); return;
    case B_SUB: a.sub_(b, alpha_for(a, alpha)); return;
    case B_MUL: a.mul_(b); return;
    case B_DIV: a.div_(b); return;
    case B_POW: a.pow_(b); return;
    case B_MAXIMUM: a.copy_(at::maximum(a, b)); return;
    case B_MINIMUM: a.copy_(at::minimum(a, b)); return;
    default: throw std::invalid_argument("binary op code " + std::to_string(op) + " has no in-place form");
  }
}

at::Tensor binary_scalar(int op, const at::Tensor& a, const at::Scalar& s) {
  switch (op) {
    case B_ADD: return a.add(s);
    case B_SUB: return a.sub(s);
    case B_MUL: return a.mul(s);
    case B_DIV: return a.div(s);
    case B_POW: return a.pow(s);
    case B_EQ: return a.eq(s);
    case B_NE: return a.ne(s);
    case B_LT: return a.lt(s);
    case B_LE: return a.le(s);
    case B_GT: return a.gt(s);
    case B_GE: return a.ge(s);
    case B_MAXIMUM: return a.clamp_min(s);
    case B_MINIMUM: return a.clamp_max(s);
    case B_REMAINDER: return a.remainder(s);
    case B_RSUB: return at::rsub(a, s);
    case B_RDIV: return at::scalar_tensor(s, a.options()).div(a);
    default: throw std::invalid_argument("binary op code " + std::to_string(op) + " has no scalar form");
  }
}

void binary_scalar_(int op, at::Tensor& a, const at::Scalar& s) {
  switch (op) {
    case B_ADD: a.add_(s); return;
    case B_SUB: a.sub_(s); return;
    case B_MUL: a.mul_(s); return;
    case B_DIV: a.div_(s); return;
    case B_POW: a.pow_(s); return;
    case B_FILL: a.fill_(s); return;
    case B_MAXIMUM: a.clamp_min_(s); return;
    case B_MINIMUM: a.clamp_max_(s); return;
    default: throw std::invalid_argument("binary op code " + std::to_string(op) + " has no in-place scalar form");
  }
}

c10::optional<at::Scalar> bound(double v, int has) { return has ? c10::optional<at::Scalar>(v) : c10::nullopt; }

}  // namespace

extern "C" {

wb_tensor wb_unary(int op, wb_tensor t) { return tensor_op([&] { return unary(op, T(t)); }); }

int wb_unary_(int op, wb_tensor t) { return status_op([&] { unary_(op, T(t)); }); }

wb_tensor wb_binary(int op, wb_tensor a, wb_tensor b) { return tensor_op([&] { return binary(op, T(a), T(b)); }); }

int wb_binary_(int op, wb_tensor a, wb_tensor b, double alpha) {
  return status_op([&] { binary_(op, T(a), T(b), alpha); });
}

wb_tensor wb_binary_scalar(int op, wb_tensor a, double s, int is_int) {
  return tensor_op([&] { return binary_scalar(op, T(a), scalar(s, is_int)); });
}

int wb_binary_scalar_(int op, wb_tensor a, double s, int is_int) {
  return status_op([&] { binary_scalar_(op, T(a), scalar(s, is_int)); });
}

wb_tensor wb_add_scaled(wb_tensor a, wb_tensor b, double alpha) {
  return tensor_op([&] { return T(a).add(T(b), alpha_for(T(a), alpha)); });
}

int wb_addcmul_(wb_tensor t, wb_tensor a, wb_tensor b, double value) {
  return status_op([&] { T(t).addcmul_(T(a), T(b), value); });
}

int wb_addcdiv_(wb_tensor t, wb_tensor a, wb_tensor b, double value) {
  return status_op([&] { T(t).addcdiv_(T(a), T(b), value); });
}

int wb_copy_(wb_tensor dst, wb_tensor src) { return status_op([&] { T(dst).copy_(T(src)); }); }

int wb_index_copy_(wb_tensor dst, int64_t dim, wb_tensor index, wb_tensor src) {
  return status_op([&] { T(dst).index_copy_(dim, T(index), T(src)); });
}

wb_tensor wb_clamp(wb_tensor t, double min, int has_min, double max, int has_max) {
  return tensor_op([&] { return T(t).clamp(bound(min, has_min), bound(max, has_max)); });
}

int wb_clamp_(wb_tensor t, double min, int has_min, double max, int has_max) {
  return status_op([&] { T(t).clamp_(bound(min, has_min), bound(max, has_max)); });
}

wb_tensor wb_where(wb_tensor cond, wb_tensor a, wb_tensor b) {
  return tensor_op([&] { return at::where(T(cond), T(a), T(b)); });
}

wb_tensor wb_masked_fill(wb_tensor t, wb_tensor mask, double value, int is_int) {
  return tensor_op([&] { return T(t).masked_fill(T(mask), scalar(value, is_int)); });
}

int wb_masked_fill_(wb_tensor t, wb_tensor mask, double value, int is_int) {
  return status_op([&] { T(t).masked_fill_(T(mask), scalar(value, is_int)); });
}

wb_tensor wb_to_dtype(wb_tensor t, int dtype) {
  return tensor_op([&] { return T(t).to(static_cast<at::ScalarType>(dtype)); });
}

wb_tensor wb_to_device(wb_tensor t, int device_type, int device_index, int non_blocking) {
  return tensor_op([&] {
    at::Device d(static_cast<at::DeviceType>(device_type), static_cast<at::DeviceIndex>(device_index));
    return T(t).to(d, /*non_blocking=*/non_blocking != 0);
  });
}

}  // extern "C"
