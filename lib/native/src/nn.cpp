// Neural-network functions and the autograd entry points.
#include <torch/csrc/autograd/variable.h>

#include "guard.h"

using namespace wb;

extern "C" {

wb_tensor wb_conv2d(wb_tensor x, wb_tensor w, wb_tensor b, const int64_t* stride, const int64_t* padding,
                    const int64_t* dilation, int64_t groups) {
  return tensor_op(
      [&] { return at::conv2d(T(x), T(w), opt(b), ints(stride, 2), ints(padding, 2), ints(dilation, 2), groups); });
}

wb_tensor wb_max_pool2d(wb_tensor x, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                        const int64_t* dilation, int ceil_mode) {
  return tensor_op([&] {
    return at::max_pool2d(T(x), ints(kernel, 2), ints(stride, 2), ints(padding, 2), ints(dilation, 2), ceil_mode != 0);
  });
}

wb_tensor wb_avg_pool2d(wb_tensor x, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                        int ceil_mode, int count_include_pad) {
  return tensor_op([&] {
    return at::avg_pool2d(T(x), ints(kernel, 2), ints(stride, 2), ints(padding, 2), ceil_mode != 0,
                          count_include_pad != 0);
  });
}

wb_tensor wb_adaptive_avg_pool2d(wb_tensor x, const int64_t* output_size) {
  return tensor_op([&] { return at::adaptive_avg_pool2d(T(x), ints(output_size, 2)); });
}

wb_tensor wb_batch_norm(wb_tensor x, wb_tensor weight, wb_tensor bias, wb_tensor running_mean, wb_tensor running_var,
                        int training, double momentum, double eps) {
  return tensor_op([&] {
    return at::batch_norm(T(x), opt(weight), opt(bias), opt(running_mean), opt(running_var), training != 0, momentum,
                          eps, /*cudnn_enabled=*/true);
  });
}

wb_tensor wb_dropout(wb_tensor x, double p, int training) {
  return tensor_op([&] { return at::dropout(T(x), p, training != 0); });
}

wb_tensor wb_linear(wb_tensor x, wb_tensor w, wb_tensor b) {
  return tensor_op([&] { return at::linear(T(x), T(w), opt(b)); });
}

wb_tensor wb_log_softmax(wb_tensor x, int64_t dim) { return tensor_op([&] { return T(x).log_softmax(dim); }); }

wb_tensor wb_softmax(wb_tensor x, int64_t dim) { return tensor_op([&] { return T(x).softmax(dim); }); }

wb_tensor wb_cross_entropy(wb_tensor logits, wb_tensor target, wb_tensor weight, int reduction, int64_t ignore_index,
                           double label_smoothing) {
  return tensor_op([&] {
    return at::cross_entropy_loss(T(logits), T(target), opt(weight), reduction, ignore_index, label_smoothing);
  });
}

wb_tensor wb_nll_loss(wb_tensor logp, wb_tensor target, wb_tensor weight, int reduction, int64_t ignore_index) {
  return tensor_op([&] { return at::nll_loss(T(logp), T(target), opt(weight), reduction, ignore_index); });
}

wb_tensor wb_mse_loss(wb_tensor a, wb_tensor b, int reduction) {
  return tensor_op([&] { return at::mse_loss(T(a), T(b), reduction); });
}

int wb_requires_grad(wb_tensor t) {
  return guarded<int>(-1, [&] { return T(t).requires_grad() ? 1 : 0; });
}

int wb_set_requires_grad(wb_tensor t, int requires_grad) {
  return status_op([&] { T(t).set_requires_grad(requires_grad != 0); });
}

int wb_is_leaf(wb_tensor t) {
  return guarded<int>(-1, [&] { return T(t).is_leaf() ? 1 : 0; });
}

int wb_backward(wb_tensor t, wb_tensor grad, int retain_graph) {
  return status_op([&] { T(t).backward(opt(grad), retain_graph != 0, /*create_graph=*/false); });
}

wb_tensor wb_grad(wb_tensor t) { return tensor_op([&] { return T(t).grad(); }); }

int wb_clear_grad(wb_tensor t) { return status_op([&] { T(t).mutable_grad().reset(); }); }

// Replaces the data behind t (shape, device) while t keeps its identity, as `param.data = x` does.
int wb_set_data(wb_tensor t, wb_tensor data) { return status_op([&] { T(t).set_data(T(data)); }); }

int wb_grad_enabled(void) { return at::GradMode::is_enabled() ? 1 : 0; }

int wb_set_grad_enabled(int enabled) {
  int previous = at::GradMode::is_enabled() ? 1 : 0;
  at::GradMode::set_enabled(enabled != 0);
  return previous;
}

}  // extern "C"
