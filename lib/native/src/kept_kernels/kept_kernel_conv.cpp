// The kept-kernel convolution as a libtorch autograd function: it checks its arguments, builds the plan
// (the kept kernels grouped by input map), packs the kept taps, picks the instruction set, and splits
// the work over libtorch's own thread pool so at::set_num_threads applies to it as to every other op.
#include <ATen/Parallel.h>
#include <torch/csrc/autograd/custom_function.h>

#include <algorithm>
#include <string>
#include <vector>

#include "../guard.h"
#include "plan.h"

using namespace wb;
using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

namespace {

const kk::Isa* best_isa() {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma")) return &kk::avx512::isa();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return &kk::avx2::isa();
#endif
  return &kk::generic::isa();
}

const kk::Isa*& chosen_isa() {
  static const kk::Isa* isa = best_isa();
  return isa;
}

// The plan and the packed weight, both in the order of the kept kernels grouped by input map.
struct Prepared {
  at::Tensor offsets, entry_output, order, packed_weight;
  kk::Plan plan() const {
    return {offsets.data_ptr<int64_t>(), entry_output.data_ptr<int64_t>(), entry_output.numel()};
  }
};

// `kept` lists kernels as flat indices o·I + i, strictly increasing (so by output map, then input map).
Prepared prepare(const at::Tensor& weight, const at::Tensor& kept) {
  const int64_t outputs = weight.size(0), inputs = weight.size(1), taps = weight.size(2) * weight.size(3);
  TORCH_CHECK(kept.dim() == 1 && kept.scalar_type() == at::kLong && kept.device().is_cpu(),
              "kept-kernel conv: the kept-kernel index must be a 1-D int64 CPU tensor, got ", kept.sizes(), " ",
              kept.scalar_type(), " on ", kept.device());
  auto index = kept.contiguous();
  const int64_t* k = index.data_ptr<int64_t>();
  const int64_t count = index.numel();
  auto offsets = at::zeros({inputs + 1}, at::kLong);
  int64_t* off = offsets.data_ptr<int64_t>();
  for (int64_t e = 0; e < count; ++e) {
    TORCH_CHECK(k[e] >= 0 && k[e] < outputs * inputs, "kept-kernel conv: kept kernel ", k[e], " at position ", e,
                " is outside a ", outputs, "x", inputs, " layer");
    TORCH_CHECK(e == 0 || k[e] > k[e - 1], "kept-kernel conv: the kept-kernel index must be strictly increasing; position ",
                e, " holds ", k[e], " after ", k[e - 1]);
    ++off[k[e] % inputs + 1];
  }
  for (int64_t i = 0; i < inputs; ++i) off[i + 1] += off[i];
  auto entry_output = at::empty({count}, at::kLong), order = at::empty({count}, at::kLong);
  int64_t* out = entry_output.data_ptr<int64_t>();
  int64_t* ord = order.data_ptr<int64_t>();
  std::vector<int64_t> next(off, off + inputs);
  // A stable counting sort by input map keeps each map's kernels ordered by output map.
  for (int64_t e = 0; e < count; ++e) {
    const int64_t slot = next[k[e] % inputs]++;
    out[slot] = k[e] / inputs;
    ord[slot] = k[e];
  }
  auto packed = weight.reshape({outputs * inputs, taps}).index_select(0, order).contiguous();
  return {offsets, entry_output, order, packed};
}

// The real input inside a wide-layout tensor [N, C, in_plane].
at::Tensor interior(const kk::Geometry& g, const at::Tensor& wide) {
  const int64_t padded_h = g.height + 2 * g.pad_h;
  return wide.narrow(2, 0, padded_h * g.in_row)
      .view({g.batch, g.in_channels, padded_h, g.in_row})
      .narrow(2, g.pad_h, g.height)
      .narrow(3, g.pad_w, g.width);
}

kk::Geometry geometry(const at::Tensor& x, const at::Tensor& weight, at::IntArrayRef stride, at::IntArrayRef padding,
                      int64_t block) {
  kk::Geometry g{x.size(0), x.size(1), weight.size(0), x.size(2), x.size(3), 0, 0,
                 weight.size(2), weight.size(3), stride[0], stride[1], padding[0], padding[1], false, 0, 0, 0};
  TORCH_CHECK(g.height + 2 * g.pad_h >= g.kernel_h && g.width + 2 * g.pad_w >= g.kernel_w,
              "kept-kernel conv: a ", g.kernel_h, "x", g.kernel_w, " kernel does not fit a padded input of ",
              g.height + 2 * g.pad_h, "x", g.width + 2 * g.pad_w);
  g.out_height = (g.height + 2 * g.pad_h - g.kernel_h) / g.stride_h + 1;
  g.out_width = (g.width + 2 * g.pad_w - g.kernel_w) / g.stride_w + 1;
  g.wide = g.stride_h == 1 && g.stride_w == 1;
  if (g.wide) {
    g.in_row = g.width + 2 * g.pad_w;
    g.pixels = g.out_height * g.in_row;
    const int64_t blocks = (g.pixels + block - 1) / block;
    // Room for the last block's farthest tap, past the padded map's own rows.
    g.in_plane = std::max((g.height + 2 * g.pad_h) * g.in_row, blocks * block + (g.kernel_h - 1) * g.in_row + g.kernel_w);
  } else {
    g.in_row = g.width;
    g.in_plane = g.height * g.width;
    g.pixels = g.out_height * g.out_width;
  }
  return g;
}

// x in the geometry's layout: as it is, or zero-padded into the wide layout's maps.
at::Tensor input_layout(const kk::Geometry& g, const at::Tensor& x) {
  if (!g.wide) return x;
  auto wide = at::zeros({g.batch, g.in_channels, g.in_plane}, x.options());
  interior(g, wide).copy_(x);
  return wide;
}

void check(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias, at::IntArrayRef stride,
           at::IntArrayRef padding) {
  TORCH_CHECK(x.dim() == 4, "kept-kernel conv: the input must be [N, C, H, W], got ", x.sizes());
  TORCH_CHECK(weight.dim() == 4, "kept-kernel conv: the weight must be [O, I, kH, kW], got ", weight.sizes());
  TORCH_CHECK(x.size(1) == weight.size(1), "kept-kernel conv: the input has ", x.size(1), " channels, the weight expects ",
              weight.size(1));
  TORCH_CHECK(x.device().is_cpu() && weight.device().is_cpu() && (!bias.defined() || bias.device().is_cpu()),
              "kept-kernel conv runs on the CPU only; on a GPU the masked dense convolution is used");
  TORCH_CHECK(x.scalar_type() == at::kFloat && weight.scalar_type() == at::kFloat &&
                  (!bias.defined() || bias.scalar_type() == at::kFloat),
              "kept-kernel conv: input, weight and bias must be float32");
  TORCH_CHECK(!bias.defined() || (bias.dim() == 1 && bias.size(0) == weight.size(0)), "kept-kernel conv: the bias must be [",
              weight.size(0), "], got ", bias.sizes());
  TORCH_CHECK(stride.size() == 2 && padding.size() == 2 && stride[0] >= 1 && stride[1] >= 1 && padding[0] >= 0 &&
                  padding[1] >= 0,
              "kept-kernel conv: strides must be positive and paddings non-negative, got stride ", stride, " padding ",
              padding);
}

// Output ranges per pixel block: enough independent tasks for the thread pool, and few enough outputs per task
// that its block of accumulators (outputs × block floats) stays within half of a 32 KB L1 beside the columns.
int64_t output_ranges(const kk::Geometry& g, int64_t blocks, int64_t block) {
  const int64_t for_cache = (g.out_channels * block + 4095) / 4096;
  const int64_t wanted = 2 * static_cast<int64_t>(at::get_num_threads());
  const int64_t tasks = g.batch * blocks;
  const int64_t for_threads = tasks >= wanted ? 1 : (wanted + tasks - 1) / tasks;
  return std::max<int64_t>(1, std::min<int64_t>(g.out_channels, std::max(for_cache, for_threads)));
}

struct KeptKernelConv : public torch::autograd::Function<KeptKernelConv> {
  // `bias` is empty when the layer has none.
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& input, const at::Tensor& weight,
                            const at::Tensor& bias, const at::Tensor& kept, at::IntArrayRef stride,
                            at::IntArrayRef padding) {
    const kk::Isa& isa = *chosen_isa();
    const auto g = geometry(input, weight, stride, padding, isa.block);
    const auto x = input_layout(g, input.contiguous());
    const auto prepared = prepare(weight.contiguous(), kept);
    auto y = at::empty({g.batch, g.out_channels, g.out_height, g.out_width}, x.options());
    const int64_t blocks = (g.pixels + isa.block - 1) / isa.block;
    const int64_t ranges = output_ranges(g, blocks, isa.block);
    const auto plan = prepared.plan();
    const auto bias_kept = bias.contiguous();
    const float* b = bias.numel() > 0 ? bias_kept.data_ptr<float>() : nullptr;
    if (g.batch > 0)
      at::parallel_for(0, g.batch * blocks * ranges, 1, [&](int64_t begin, int64_t end) {
        isa.forward(g, plan, x.data_ptr<float>(), prepared.packed_weight.data_ptr<float>(), b, y.data_ptr<float>(), begin,
                    end, ranges);
      });
    ctx->save_for_backward({x, weight, prepared.offsets, prepared.entry_output, prepared.order, prepared.packed_weight});
    ctx->saved_data["isa"] = reinterpret_cast<int64_t>(&isa);  // backward must use forward's block size
    ctx->saved_data["input_shape"] = input.sizes().vec();
    ctx->saved_data["stride"] = stride.vec();
    ctx->saved_data["padding"] = padding.vec();
    ctx->saved_data["bias"] = bias.numel() > 0;
    return y;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const auto &x = saved[0], &weight = saved[1], &order = saved[4], &packed = saved[5];
    const Prepared prepared{saved[2], saved[3], order, packed};
    const auto stride = ctx->saved_data["stride"].toIntVector(), padding = ctx->saved_data["padding"].toIntVector();
    const kk::Isa& isa = *reinterpret_cast<const kk::Isa*>(ctx->saved_data["isa"].toInt());
    const auto input_shape = ctx->saved_data["input_shape"].toIntVector();
    const auto g = geometry(at::empty(input_shape, at::TensorOptions().device(at::kMeta)), weight, stride, padding, isa.block);
    const int64_t blocks = (g.pixels + isa.block - 1) / isa.block;
    // The output's gradient in the kernels' pixel numbering, zero at unreal pixels and past the last block.
    auto grad_out = at::zeros({g.batch, g.out_channels, blocks * isa.block}, grads[0].options());
    if (g.wide)
      grad_out.narrow(2, 0, g.pixels).view({g.batch, g.out_channels, g.out_height, g.in_row}).narrow(3, 0, g.out_width).copy_(grads[0]);
    else
      grad_out.narrow(2, 0, g.pixels).copy_(grads[0].reshape({g.batch, g.out_channels, g.pixels}));
    const bool want_x = ctx->needs_input_grad(0), want_w = ctx->needs_input_grad(1);
    at::Tensor grad_x_layout = want_x ? at::zeros_like(x) : at::Tensor();
    at::Tensor grad_packed = want_w ? at::empty_like(packed) : at::Tensor();
    const auto plan = prepared.plan();
    if ((want_x || want_w) && g.batch > 0)
      at::parallel_for(0, g.in_channels, 1, [&](int64_t begin, int64_t end) {
        isa.backward(g, plan, x.data_ptr<float>(), packed.data_ptr<float>(), grad_out.data_ptr<float>(),
                     want_x ? grad_x_layout.data_ptr<float>() : nullptr, want_w ? grad_packed.data_ptr<float>() : nullptr,
                     begin, end);
      });
    at::Tensor grad_x = want_x ? (g.wide ? interior(g, grad_x_layout).contiguous() : grad_x_layout) : at::Tensor();
    at::Tensor grad_w;
    if (want_w) {
      if (g.batch == 0) grad_packed.zero_();
      grad_w = at::zeros_like(weight);  // removed kernels get zero gradient
      grad_w.view({g.out_channels * g.in_channels, g.kernel_h * g.kernel_w}).index_copy_(0, order, grad_packed);
    }
    at::Tensor grad_b = ctx->saved_data["bias"].toBool() && ctx->needs_input_grad(2) ? grads[0].sum({0, 2, 3}) : at::Tensor();
    return {grad_x, grad_w, grad_b, at::Tensor(), at::Tensor(), at::Tensor()};
  }
};

}  // namespace

extern "C" {

wb_tensor wb_kept_kernel_conv2d(wb_tensor x, wb_tensor w, wb_tensor b, wb_tensor kept, const int64_t* stride,
                                const int64_t* padding) {
  return tensor_op([&] {
    const auto bias = opt(b);
    check(T(x), T(w), bias, ints(stride, 2), ints(padding, 2));
    // An autograd function takes no undefined tensor: no bias travels as an empty one.
    const auto no_bias = bias.defined() ? bias : at::empty({0}, T(x).options());
    return KeptKernelConv::apply(T(x), T(w), no_bias, T(kept), ints(stride, 2), ints(padding, 2));
  });
}

const char* wb_kept_kernel_isa(void) { return chosen_isa()->name; }

int wb_set_kept_kernel_isa(const char* name) {
  return status_op([&] {
    const std::string wanted = name == nullptr ? "" : name;
    const kk::Isa* best = best_isa();
    if (wanted == "auto") { chosen_isa() = best; return; }
    if (wanted == "generic") { chosen_isa() = &kk::generic::isa(); return; }
#if defined(__x86_64__)
    if (wanted == "avx2" && best != &kk::generic::isa()) { chosen_isa() = &kk::avx2::isa(); return; }
    if (wanted == "avx512" && best == &kk::avx512::isa()) { chosen_isa() = &kk::avx512::isa(); return; }
#endif
    throw std::invalid_argument("kept-kernel conv: instruction set '" + wanted + "' is unknown or this CPU lacks it (best here: " +
                                best->name + "; choose auto, generic, avx2 or avx512)");
  });
}

}  // extern "C"
