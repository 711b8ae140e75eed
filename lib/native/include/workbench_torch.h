/*
 * The C ABI of libworkbench_torch: a thin shim over libtorch for the C# binding.
 *
 * Conventions, so the C# side can stay mechanical:
 *  - Tensors are opaque handles owned by the caller; free each with wb_tensor_free.
 *  - A function returning a handle returns NULL on error. A function returning int
 *    returns 0 on success and -1 on error. After an error, wb_last_error() holds
 *    libtorch's message (thread-local). No C++ exception ever crosses this boundary.
 *  - wb_grad returns NULL without an error when the gradient is undefined.
 *  - dtype codes are c10::ScalarType values; device types are c10::DeviceType values.
 *  - Scalars travel as (double value, int is_integral) so integer tensors stay integral.
 */
#pragma once
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WB_API __attribute__((visibility("default")))

typedef struct wb_tensor_opaque* wb_tensor;

/* errors, lifetime, runtime */
WB_API const char* wb_last_error(void);
WB_API int64_t wb_live_tensors(void);
WB_API void wb_tensor_free(wb_tensor t);
WB_API int wb_version(int* major, int* minor, int* patch);
WB_API int wb_manual_seed(uint64_t seed);
WB_API int wb_get_num_threads(void);
WB_API int wb_set_num_threads(int n);
WB_API int wb_cuda_is_available(void);
WB_API int wb_cuda_device_count(void);
WB_API int wb_cuda_synchronize(int device_index);

/* creation and data */
WB_API wb_tensor wb_empty(const int64_t* shape, int ndim, int dtype, int device_type, int device_index);
WB_API wb_tensor wb_full(const int64_t* shape, int ndim, double value, int is_int, int dtype, int device_type, int device_index);
WB_API wb_tensor wb_rand(const int64_t* shape, int ndim, int dtype, int device_type, int device_index);
WB_API wb_tensor wb_randn(const int64_t* shape, int ndim, int dtype, int device_type, int device_index);
WB_API wb_tensor wb_randint(int64_t low, int64_t high, const int64_t* shape, int ndim, int dtype, int device_type, int device_index);
WB_API wb_tensor wb_randperm(int64_t n, int dtype, int device_type, int device_index);
WB_API wb_tensor wb_arange(double start, double end, double step, int dtype, int device_type, int device_index);
WB_API wb_tensor wb_from_data(const void* data, const int64_t* shape, int ndim, int dtype);
WB_API int wb_copy_data(wb_tensor t, void* dst, int64_t nbytes);
WB_API int wb_item(wb_tensor t, double* out);
WB_API int wb_item_long(wb_tensor t, int64_t* out);

/* metadata */
WB_API int wb_ndim(wb_tensor t);
WB_API int wb_shape(wb_tensor t, int64_t* out, int capacity);
WB_API int64_t wb_numel(wb_tensor t);
WB_API int wb_dtype(wb_tensor t);
WB_API int wb_device(wb_tensor t, int* type, int* index);
WB_API int wb_is_contiguous(wb_tensor t);

/* element-wise: op codes are listed in ops.h and mirrored by the C# enums */
WB_API wb_tensor wb_unary(int op, wb_tensor t);
WB_API int wb_unary_(int op, wb_tensor t);
WB_API wb_tensor wb_binary(int op, wb_tensor a, wb_tensor b);
WB_API int wb_binary_(int op, wb_tensor a, wb_tensor b, double alpha);
WB_API wb_tensor wb_binary_scalar(int op, wb_tensor a, double s, int is_int);
WB_API int wb_binary_scalar_(int op, wb_tensor a, double s, int is_int);
WB_API wb_tensor wb_add_scaled(wb_tensor a, wb_tensor b, double alpha);
WB_API int wb_addcmul_(wb_tensor t, wb_tensor a, wb_tensor b, double value);
WB_API int wb_addcdiv_(wb_tensor t, wb_tensor a, wb_tensor b, double value);
WB_API int wb_copy_(wb_tensor dst, wb_tensor src);
WB_API int wb_index_copy_(wb_tensor dst, int64_t dim, wb_tensor index, wb_tensor src);
WB_API wb_tensor wb_clamp(wb_tensor t, double min, int has_min, double max, int has_max);
WB_API int wb_clamp_(wb_tensor t, double min, int has_min, double max, int has_max);
WB_API wb_tensor wb_where(wb_tensor cond, wb_tensor a, wb_tensor b);
WB_API wb_tensor wb_masked_fill(wb_tensor t, wb_tensor mask, double value, int is_int);
WB_API int wb_masked_fill_(wb_tensor t, wb_tensor mask, double value, int is_int);
WB_API wb_tensor wb_to_dtype(wb_tensor t, int dtype);
WB_API wb_tensor wb_to_device(wb_tensor t, int device_type, int device_index, int non_blocking);

/* reductions (ndims == 0 reduces over every element) */
WB_API wb_tensor wb_reduce(int op, wb_tensor t, const int64_t* dims, int ndims, int keepdim);
WB_API wb_tensor wb_norm(wb_tensor t, double p, const int64_t* dims, int ndims, int keepdim);
WB_API int wb_max_dim(wb_tensor t, int64_t dim, int keepdim, int largest, wb_tensor* values, wb_tensor* indices);
WB_API wb_tensor wb_argmax(wb_tensor t, int64_t dim, int has_dim, int keepdim);
WB_API int wb_topk(wb_tensor t, int64_t k, int64_t dim, int largest, int sorted, wb_tensor* values, wb_tensor* indices);
WB_API int wb_sort(wb_tensor t, int64_t dim, int descending, wb_tensor* values, wb_tensor* indices);

/* shape and indexing */
WB_API wb_tensor wb_reshape(wb_tensor t, const int64_t* shape, int ndim);
WB_API wb_tensor wb_view(wb_tensor t, const int64_t* shape, int ndim);
WB_API wb_tensor wb_permute(wb_tensor t, const int64_t* dims, int ndim);
WB_API wb_tensor wb_transpose(wb_tensor t, int64_t d0, int64_t d1);
WB_API wb_tensor wb_flatten(wb_tensor t, int64_t start, int64_t end);
WB_API wb_tensor wb_contiguous(wb_tensor t);
WB_API wb_tensor wb_squeeze(wb_tensor t, int64_t dim);
WB_API wb_tensor wb_unsqueeze(wb_tensor t, int64_t dim);
WB_API wb_tensor wb_expand(wb_tensor t, const int64_t* shape, int ndim);
WB_API wb_tensor wb_repeat(wb_tensor t, const int64_t* repeats, int ndim);
WB_API wb_tensor wb_flip(wb_tensor t, const int64_t* dims, int ndim);
WB_API wb_tensor wb_narrow(wb_tensor t, int64_t dim, int64_t start, int64_t length);
WB_API wb_tensor wb_slice(wb_tensor t, int64_t dim, int64_t start, int64_t end, int64_t step);
WB_API wb_tensor wb_select(wb_tensor t, int64_t dim, int64_t index);
WB_API wb_tensor wb_index_select(wb_tensor t, int64_t dim, wb_tensor index);
WB_API wb_tensor wb_gather(wb_tensor t, int64_t dim, wb_tensor index);
WB_API wb_tensor wb_nonzero(wb_tensor t);
WB_API wb_tensor wb_cat(const wb_tensor* ts, int n, int64_t dim);
WB_API wb_tensor wb_stack(const wb_tensor* ts, int n, int64_t dim);
WB_API wb_tensor wb_constant_pad(wb_tensor t, const int64_t* pad, int npad, double value);
WB_API wb_tensor wb_clone(wb_tensor t);
WB_API wb_tensor wb_detach(wb_tensor t);
WB_API wb_tensor wb_alias(wb_tensor t);

/* linear algebra */
WB_API wb_tensor wb_matmul(wb_tensor a, wb_tensor b);
WB_API wb_tensor wb_mm(wb_tensor a, wb_tensor b);
WB_API wb_tensor wb_addmm(wb_tensor bias, wb_tensor a, wb_tensor b, double beta, double alpha);

/* neural-network functions (optional tensors may be NULL) */
WB_API wb_tensor wb_conv2d(wb_tensor x, wb_tensor w, wb_tensor b, const int64_t* stride, const int64_t* padding,
                           const int64_t* dilation, int64_t groups);
/* The kept-kernel convolution (CPU, float32): only the kernels listed in `kept` (flat indices o*I + i,
 * strictly increasing) are computed; the others count as zero. Differentiable for input, weight and bias. */
WB_API wb_tensor wb_kept_kernel_conv2d(wb_tensor x, wb_tensor w, wb_tensor b, wb_tensor kept, const int64_t* stride,
                                       const int64_t* padding);
/* The instruction set it uses ("avx512", "avx2" or "generic"); set it with "auto" or one of those names. */
WB_API const char* wb_kept_kernel_isa(void);
WB_API int wb_set_kept_kernel_isa(const char* name);
WB_API wb_tensor wb_max_pool2d(wb_tensor x, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                               const int64_t* dilation, int ceil_mode);
WB_API wb_tensor wb_avg_pool2d(wb_tensor x, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                               int ceil_mode, int count_include_pad);
WB_API wb_tensor wb_adaptive_avg_pool2d(wb_tensor x, const int64_t* output_size);
WB_API wb_tensor wb_batch_norm(wb_tensor x, wb_tensor weight, wb_tensor bias, wb_tensor running_mean,
                               wb_tensor running_var, int training, double momentum, double eps);
WB_API wb_tensor wb_dropout(wb_tensor x, double p, int training);
WB_API wb_tensor wb_linear(wb_tensor x, wb_tensor w, wb_tensor b);
WB_API wb_tensor wb_log_softmax(wb_tensor x, int64_t dim);
WB_API wb_tensor wb_softmax(wb_tensor x, int64_t dim);
WB_API wb_tensor wb_cross_entropy(wb_tensor logits, wb_tensor target, wb_tensor weight, int reduction,
                                  int64_t ignore_index, double label_smoothing);
WB_API wb_tensor wb_nll_loss(wb_tensor logp, wb_tensor target, wb_tensor weight, int reduction, int64_t ignore_index);
WB_API wb_tensor wb_mse_loss(wb_tensor a, wb_tensor b, int reduction);

/* autograd */
WB_API int wb_requires_grad(wb_tensor t);
WB_API int wb_set_requires_grad(wb_tensor t, int requires_grad);
WB_API int wb_is_leaf(wb_tensor t);
WB_API int wb_backward(wb_tensor t, wb_tensor grad, int retain_graph);
WB_API wb_tensor wb_grad(wb_tensor t);
WB_API int wb_clear_grad(wb_tensor t);
WB_API int wb_set_data(wb_tensor t, wb_tensor data);
WB_API int wb_grad_enabled(void);
WB_API int wb_set_grad_enabled(int enabled);

#ifdef __cplusplus
}
#endif
