// The kept-kernel convolution's plain-data interface between its dispatcher (built with the default
// flags, with libtorch) and its vectorised kernels (one translation unit per instruction set). The
// kernel units see only this header and C functions: an inline libtorch or std template compiled there
// with AVX-512 could be the copy the linker keeps for every caller, and the binary must run on any x86-64.
#pragma once
#include <cstdint>

namespace wb::kk {

struct Geometry {
  int64_t batch, in_channels, out_channels;
  int64_t height, width, out_height, out_width;
  int64_t kernel_h, kernel_w, stride_h, stride_w, pad_h, pad_w;
  // Stride 1 uses the wide layout: x (and grad_x) is the zero-padded input, each map `in_plane` floats with
  // rows of `in_row` = width + 2·pad_w, and output pixels are numbered over rows of in_row too (q = oy·in_row + ox).
  // Then tap (ky, kx) of pixels q .. q+B is the contiguous slice at q + ky·in_row + kx: no copies at all.
  // Pixels with ox ≥ out_width are not real: forward drops them; backward's gradient is zero there.
  // Otherwise x is the plain input, in_row = width, in_plane = height·width, and each tap's pixels are gathered.
  bool wide;
  int64_t in_plane, in_row;
  int64_t pixels;  // output pixels numbered per image: out_height·in_row when wide, else out_height·out_width
};

// The kept kernels grouped by the input map they read: entries by_input_offsets[i] .. by_input_offsets[i+1]
// read input map i, and entry e adds into output map entry_output[e] with the taps at packed weight
// row e. Within one input map the entries are ordered by output map, so an output range is a sub-range.
struct Plan {
  const int64_t* by_input_offsets;  // [in_channels + 1]
  const int64_t* entry_output;      // [kept]
  int64_t kept;
};

struct Isa {
  const char* name;
  int64_t block;  // output pixels per block; the gradient of the output arrives padded to whole blocks
  // Tasks are (image, pixel block, output-range) triples, numbered image-major, output ranges innermost.
  void (*forward)(const Geometry& g, const Plan& plan, const float* x, const float* packed_weight, const float* bias,
                  float* y, int64_t task_begin, int64_t task_end, int64_t output_ranges);
  // Each call owns input maps [channel_begin, channel_end): their input gradient (grad_x, in x's layout, zeroed by
  // the caller; null when not wanted) and their entries' weight gradient (packed rows; null when not wanted).
  // grad_out_blocks is [N][O][pixel blocks · block], zero past `pixels` and at the wide layout's unreal pixels.
  void (*backward)(const Geometry& g, const Plan& plan, const float* x, const float* packed_weight,
                   const float* grad_out_blocks, float* grad_x, float* grad_packed_weight, int64_t channel_begin,
                   int64_t channel_end);
};

namespace generic { const Isa& isa(); }
#if defined(__x86_64__)
namespace avx2 { const Isa& isa(); }
namespace avx512 { const Isa& isa(); }
#endif

}  // namespace wb::kk
