namespace Workbench.Torch;

/// <summary>
/// Neural-network functions with torch.nn.functional's names and semantics.
/// Optional tensors (bias, weights of a loss, running statistics) may be null.
/// </summary>
public static class Functional
{
    private static long[] Pair(long v) => [v, v];

    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long dilation = 1, long groups = 1) =>
        Conv2d(input, weight, bias, Pair(stride), Pair(padding), Pair(dilation), groups);

    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, long[] stride, long[] padding, long[] dilation, long groups = 1)
    {
        using var b = new Borrowed(bias);
        return Tensor.Wrap(Native.wb_conv2d(input.Handle, weight.Handle, b.Pointer, Two(stride, "stride"), Two(padding, "padding"), Two(dilation, "dilation"), groups), "conv2d");
    }

    /// <summary>
    /// A convolution that computes only the kernels <paramref name="keptKernels"/> lists (flat indices
    /// o·I + i, strictly increasing, int64 on the CPU) and counts the others as zero: what
    /// <c>Conv2d(input, weight ⊙ mask)</c> computes, at the cost of the kept kernels alone. CPU and float32
    /// only, groups 1, dilation 1; differentiable for input, weight and bias (removed kernels get zero gradient).
    /// </summary>
    public static Tensor KeptKernelConv2d(Tensor input, Tensor weight, Tensor? bias, Tensor keptKernels, long stride = 1, long padding = 0)
    {
        using var b = new Borrowed(bias);
        return Tensor.Wrap(Native.wb_kept_kernel_conv2d(input.Handle, weight.Handle, b.Pointer, keptKernels.Handle, Pair(stride), Pair(padding)), "kept_kernel_conv2d");
    }

    public static Tensor MaxPool2d(Tensor input, long kernelSize, long? stride = null, long padding = 0, long dilation = 1, bool ceilMode = false) =>
        TensorTape.Note(Tensor.Wrap(Native.wb_max_pool2d(input.Handle, Pair(kernelSize), Pair(stride ?? kernelSize), Pair(padding), Pair(dilation), ceilMode ? 1 : 0), "max_pool2d"), new TapedOp.Reshape("max_pool2d"), input);

    public static Tensor AvgPool2d(Tensor input, long kernelSize, long? stride = null, long padding = 0, bool ceilMode = false, bool countIncludePad = true) =>
        TensorTape.Note(Tensor.Wrap(Native.wb_avg_pool2d(input.Handle, Pair(kernelSize), Pair(stride ?? kernelSize), Pair(padding), ceilMode ? 1 : 0, countIncludePad ? 1 : 0), "avg_pool2d"), new TapedOp.Reshape("avg_pool2d"), input);

    public static Tensor AdaptiveAvgPool2d(Tensor input, long outputHeight, long outputWidth) =>
        TensorTape.Note(Tensor.Wrap(Native.wb_adaptive_avg_pool2d(input.Handle, [outputHeight, outputWidth]), "adaptive_avg_pool2d"), new TapedOp.Reshape("adaptive_avg_pool2d"), input);

    /// <summary>
    /// Batch normalisation. In training it normalises by the batch statistics and updates the
    /// running statistics in place (running = (1 - momentum) * running + momentum * batch, with
    /// the unbiased batch variance); in evaluation it normalises by the running statistics.
    /// </summary>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null, Tensor? bias = null,
        bool training = false, double momentum = 0.1, double eps = 1e-5)
    {
        using var w = new Borrowed(weight);
        using var b = new Borrowed(bias);
        using var m = new Borrowed(runningMean);
        using var v = new Borrowed(runningVar);
        return Tensor.Wrap(Native.wb_batch_norm(input.Handle, w.Pointer, b.Pointer, m.Pointer, v.Pointer, training ? 1 : 0, momentum, eps), "batch_norm");
    }

    public static Tensor Dropout(Tensor input, double p = 0.5, bool training = true)
    {
        if (p is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1]");
        return TensorTape.Note(Tensor.Wrap(Native.wb_dropout(input.Handle, p, training ? 1 : 0), "dropout"), new TapedOp.Reshape("dropout"), input);
    }

    /// <summary>input @ weightᵀ + bias</summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null)
    {
        using var b = new Borrowed(bias);
        return Tensor.Wrap(Native.wb_linear(input.Handle, weight.Handle, b.Pointer), "linear");
    }

    public static Tensor Relu(Tensor input) => input.Relu();

    public static Tensor LogSoftmax(Tensor input, long dim) => Tensor.Wrap(Native.wb_log_softmax(input.Handle, dim), "log_softmax");

    public static Tensor Softmax(Tensor input, long dim) => Tensor.Wrap(Native.wb_softmax(input.Handle, dim), "softmax");

    /// <summary>Cross-entropy of logits [N, C] against class indices [N] (Int64).</summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean,
        long ignoreIndex = -100, double labelSmoothing = 0)
    {
        using var w = new Borrowed(weight);
        return Tensor.Wrap(Native.wb_cross_entropy(logits.Handle, target.Handle, w.Pointer, (int)reduction, ignoreIndex, labelSmoothing), "cross_entropy");
    }

    /// <summary>Negative log-likelihood of log-probabilities [N, C] against class indices [N].</summary>
    public static Tensor NllLoss(Tensor logProbabilities, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean, long ignoreIndex = -100)
    {
        using var w = new Borrowed(weight);
        return Tensor.Wrap(Native.wb_nll_loss(logProbabilities.Handle, target.Handle, w.Pointer, (int)reduction, ignoreIndex), "nll_loss");
    }

    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        Tensor.Wrap(Native.wb_mse_loss(input.Handle, target.Handle, (int)reduction), "mse_loss");

    private static long[] Two(long[] values, string name) =>
        values.Length == 2 ? values : throw new ArgumentException($"{name} needs two values (height, width), got {values.Length}", name);
}
