using System.Reflection;
using System.Runtime.InteropServices;

namespace Workbench.Torch;

/// <summary>
/// The P/Invoke declarations of libworkbench_torch (lib/native/include/workbench_torch.h).
/// Handles come back as raw pointers so <see cref="Tensor"/> can check for errors before
/// allocating a SafeHandle; handles go in as <see cref="TensorHandle"/> so a tensor disposed
/// on another thread can never be freed in the middle of a call.
/// </summary>
internal static partial class Native
{
    private const string Lib = "workbench_torch";

    static Native()
    {
        NativeLibrary.SetDllImportResolver(typeof(Native).Assembly, Resolve);
        LibTorch.ApplyDefaultThreads();
        AllocatorTuning.Apply();
    }

    // Looks beside this assembly first: the build copies the shim there, and a notebook that
    // loads Workbench.dll from another folder must still find it. WORKBENCH_NATIVE_LIB overrides.
    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Lib) return IntPtr.Zero;
        var overridePath = Environment.GetEnvironmentVariable("WORKBENCH_NATIVE_LIB");
        if (!string.IsNullOrEmpty(overridePath)) return NativeLibrary.Load(overridePath);
        var besideAssembly = Path.Combine(Path.GetDirectoryName(assembly.Location) ?? AppContext.BaseDirectory, "libworkbench_torch.so");
        if (File.Exists(besideAssembly)) return NativeLibrary.Load(besideAssembly);
        return NativeLibrary.TryLoad(name, assembly, searchPath, out var handle) ? handle : IntPtr.Zero;
    }

    [LibraryImport(Lib)] internal static partial IntPtr wb_last_error();
    [LibraryImport(Lib)] internal static partial long wb_live_tensors();
    [LibraryImport(Lib)] internal static partial void wb_tensor_free(IntPtr t);
    [LibraryImport(Lib)] internal static partial int wb_version(out int major, out int minor, out int patch);
    [LibraryImport(Lib)] internal static partial int wb_manual_seed(ulong seed);
    [LibraryImport(Lib)] internal static partial int wb_get_num_threads();
    [LibraryImport(Lib)] internal static partial int wb_set_num_threads(int n);
    [LibraryImport(Lib)] internal static partial int wb_cuda_is_available();
    [LibraryImport(Lib)] internal static partial int wb_cuda_device_count();
    [LibraryImport(Lib)] internal static partial int wb_cuda_synchronize(int deviceIndex);

    [LibraryImport(Lib)] internal static partial IntPtr wb_empty(long[] shape, int ndim, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static partial IntPtr wb_full(long[] shape, int ndim, double value, int isInt, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static partial IntPtr wb_rand(long[] shape, int ndim, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static partial IntPtr wb_randn(long[] shape, int ndim, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static partial IntPtr wb_randint(long low, long high, long[] shape, int ndim, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static partial IntPtr wb_randperm(long n, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static partial IntPtr wb_arange(double start, double end, double step, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static unsafe partial IntPtr wb_from_data(void* data, long[] shape, int ndim, int dtype);
    [LibraryImport(Lib)] internal static unsafe partial int wb_copy_data(TensorHandle t, void* dst, long nbytes);
    [LibraryImport(Lib)] internal static partial int wb_item(TensorHandle t, out double value);
    [LibraryImport(Lib)] internal static partial int wb_item_long(TensorHandle t, out long value);

    [LibraryImport(Lib)] internal static partial int wb_ndim(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int wb_shape(TensorHandle t, long[] output, int capacity);
    [LibraryImport(Lib)] internal static partial long wb_numel(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int wb_dtype(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int wb_device(TensorHandle t, out int type, out int index);
    [LibraryImport(Lib)] internal static partial int wb_is_contiguous(TensorHandle t);

    [LibraryImport(Lib)] internal static partial IntPtr wb_unary(int op, TensorHandle t);
    [LibraryImport(Lib)] internal static partial int wb_unary_(int op, TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr wb_binary(int op, TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial int wb_binary_(int op, TensorHandle a, TensorHandle b, double alpha);
    [LibraryImport(Lib)] internal static partial IntPtr wb_binary_scalar(int op, TensorHandle a, double s, int isInt);
    [LibraryImport(Lib)] internal static partial int wb_binary_scalar_(int op, TensorHandle a, double s, int isInt);
    [LibraryImport(Lib)] internal static partial IntPtr wb_add_scaled(TensorHandle a, TensorHandle b, double alpha);
    [LibraryImport(Lib)] internal static partial int wb_addcmul_(TensorHandle t, TensorHandle a, TensorHandle b, double value);
    [LibraryImport(Lib)] internal static partial int wb_addcdiv_(TensorHandle t, TensorHandle a, TensorHandle b, double value);
    [LibraryImport(Lib)] internal static partial int wb_copy_(TensorHandle dst, TensorHandle src);
    [LibraryImport(Lib)] internal static partial int wb_index_copy_(TensorHandle dst, long dim, TensorHandle index, TensorHandle src);
    [LibraryImport(Lib)] internal static partial IntPtr wb_clamp(TensorHandle t, double min, int hasMin, double max, int hasMax);
    [LibraryImport(Lib)] internal static partial int wb_clamp_(TensorHandle t, double min, int hasMin, double max, int hasMax);
    [LibraryImport(Lib)] internal static partial IntPtr wb_where(TensorHandle cond, TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr wb_masked_fill(TensorHandle t, TensorHandle mask, double value, int isInt);
    [LibraryImport(Lib)] internal static partial int wb_masked_fill_(TensorHandle t, TensorHandle mask, double value, int isInt);
    [LibraryImport(Lib)] internal static partial IntPtr wb_to_dtype(TensorHandle t, int dtype);
    [LibraryImport(Lib)] internal static partial IntPtr wb_to_device(TensorHandle t, int deviceType, int deviceIndex, int nonBlocking);

    [LibraryImport(Lib)] internal static partial IntPtr wb_reduce(int op, TensorHandle t, long[] dims, int ndims, int keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr wb_norm(TensorHandle t, double p, long[] dims, int ndims, int keepdim);
    [LibraryImport(Lib)] internal static partial int wb_max_dim(TensorHandle t, long dim, int keepdim, int largest, out IntPtr values, out IntPtr indices);
    [LibraryImport(Lib)] internal static partial IntPtr wb_argmax(TensorHandle t, long dim, int hasDim, int keepdim);
    [LibraryImport(Lib)] internal static partial int wb_topk(TensorHandle t, long k, long dim, int largest, int sorted, out IntPtr values, out IntPtr indices);
    [LibraryImport(Lib)] internal static partial int wb_sort(TensorHandle t, long dim, int descending, out IntPtr values, out IntPtr indices);

    [LibraryImport(Lib)] internal static partial IntPtr wb_reshape(TensorHandle t, long[] shape, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr wb_view(TensorHandle t, long[] shape, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr wb_permute(TensorHandle t, long[] dims, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr wb_transpose(TensorHandle t, long d0, long d1);
    [LibraryImport(Lib)] internal static partial IntPtr wb_flatten(TensorHandle t, long start, long end);
    [LibraryImport(Lib)] internal static partial IntPtr wb_contiguous(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr wb_squeeze(TensorHandle t, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr wb_unsqueeze(TensorHandle t, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr wb_expand(TensorHandle t, long[] shape, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr wb_repeat(TensorHandle t, long[] repeats, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr wb_flip(TensorHandle t, long[] dims, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr wb_narrow(TensorHandle t, long dim, long start, long length);
    [LibraryImport(Lib)] internal static partial IntPtr wb_slice(TensorHandle t, long dim, long start, long end, long step);
    [LibraryImport(Lib)] internal static partial IntPtr wb_select(TensorHandle t, long dim, long index);
    [LibraryImport(Lib)] internal static partial IntPtr wb_index_select(TensorHandle t, long dim, TensorHandle index);
    [LibraryImport(Lib)] internal static partial IntPtr wb_gather(TensorHandle t, long dim, TensorHandle index);
    [LibraryImport(Lib)] internal static partial IntPtr wb_nonzero(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr wb_cat(IntPtr[] tensors, int n, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr wb_stack(IntPtr[] tensors, int n, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr wb_constant_pad(TensorHandle t, long[] pad, int npad, double value);
    [LibraryImport(Lib)] internal static partial IntPtr wb_clone(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr wb_detach(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr wb_alias(TensorHandle t);

    [LibraryImport(Lib)] internal static partial IntPtr wb_matmul(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr wb_mm(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr wb_addmm(TensorHandle bias, TensorHandle a, TensorHandle b, double beta, double alpha);

    [LibraryImport(Lib)] internal static partial IntPtr wb_kept_kernel_conv2d(TensorHandle x, TensorHandle w, IntPtr b, TensorHandle kept, long[] stride, long[] padding);
    [LibraryImport(Lib)] internal static partial IntPtr wb_kept_kernel_isa();
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int wb_set_kept_kernel_isa(string name);
    [LibraryImport(Lib)] internal static partial IntPtr wb_conv2d(TensorHandle x, TensorHandle w, IntPtr b, long[] stride, long[] padding, long[] dilation, long groups);
    [LibraryImport(Lib)] internal static partial IntPtr wb_max_pool2d(TensorHandle x, long[] kernel, long[] stride, long[] padding, long[] dilation, int ceilMode);
    [LibraryImport(Lib)] internal static partial IntPtr wb_avg_pool2d(TensorHandle x, long[] kernel, long[] stride, long[] padding, int ceilMode, int countIncludePad);
    [LibraryImport(Lib)] internal static partial IntPtr wb_adaptive_avg_pool2d(TensorHandle x, long[] outputSize);
    [LibraryImport(Lib)] internal static partial IntPtr wb_batch_norm(TensorHandle x, IntPtr weight, IntPtr bias, IntPtr runningMean, IntPtr runningVar, int training, double momentum, double eps);
    [LibraryImport(Lib)] internal static partial IntPtr wb_dropout(TensorHandle x, double p, int training);
    [LibraryImport(Lib)] internal static partial IntPtr wb_linear(TensorHandle x, TensorHandle w, IntPtr b);
    [LibraryImport(Lib)] internal static partial IntPtr wb_log_softmax(TensorHandle x, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr wb_softmax(TensorHandle x, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr wb_cross_entropy(TensorHandle logits, TensorHandle target, IntPtr weight, int reduction, long ignoreIndex, double labelSmoothing);
    [LibraryImport(Lib)] internal static partial IntPtr wb_nll_loss(TensorHandle logp, TensorHandle target, IntPtr weight, int reduction, long ignoreIndex);
    [LibraryImport(Lib)] internal static partial IntPtr wb_mse_loss(TensorHandle a, TensorHandle b, int reduction);

    [LibraryImport(Lib)] internal static partial int wb_requires_grad(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int wb_set_requires_grad(TensorHandle t, int requiresGrad);
    [LibraryImport(Lib)] internal static partial int wb_is_leaf(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int wb_backward(TensorHandle t, IntPtr grad, int retainGraph);
    [LibraryImport(Lib)] internal static partial IntPtr wb_grad(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int wb_clear_grad(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int wb_set_data(TensorHandle t, TensorHandle data);
    [LibraryImport(Lib)] internal static partial int wb_grad_enabled();
    [LibraryImport(Lib)] internal static partial int wb_set_grad_enabled(int enabled);
}
