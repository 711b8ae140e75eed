namespace Workbench.Tests.Reference;

/// <summary>
/// Reference implementations written from the definitions with plain loops over flat row-major
/// double arrays, so that libtorch's results can be checked against something independent of it.
/// Shapes are NCHW for images, [rows, cols] for matrices.
/// </summary>
public static class Naive
{
    /// <summary>[n, k] @ [k, m]</summary>
    public static double[] MatMul(double[] a, double[] b, int n, int k, int m)
    {
        var y = new double[n * m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
                for (int p = 0; p < k; p++)
                    y[i * m + j] += a[i * k + p] * b[p * m + j];
        return y;
    }

    /// <summary>The transpose of x [rows, cols].</summary>
    public static double[] Transpose(double[] x, int rows, int cols)
    {
        var y = new double[x.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                y[c * rows + r] = x[r * cols + c];
        return y;
    }

    /// <summary>Output length of a convolution or pooling window sliding over <paramref name="size"/>.</summary>
    public static int OutSize(int size, int kernel, int stride, int padding, int dilation = 1) =>
        (size + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;

    /// <summary>x [N, C, H, W], w [O, C / groups, KH, KW], bias [O] or null; returns [N, O, OH, OW].</summary>
    public static (double[] Y, int[] Shape) Conv2d(double[] x, int[] xs, double[] w, int[] ws, double[]? bias,
        int stride, int padding, int dilation, int groups)
    {
        int n = xs[0], c = xs[1], h = xs[2], wd = xs[3], o = ws[0], cg = ws[1], kh = ws[2], kw = ws[3];
        int oh = OutSize(h, kh, stride, padding, dilation), ow = OutSize(wd, kw, stride, padding, dilation);
        int og = o / groups; // output channels per group; group g reads input channels g*cg .. g*cg+cg-1
        var y = new double[n * o * oh * ow];
        for (int b = 0; b < n; b++)
            for (int oc = 0; oc < o; oc++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                    {
                        double s = bias?[oc] ?? 0;
                        for (int ic = 0; ic < cg; ic++)
                            for (int p = 0; p < kh; p++)
                                for (int q = 0; q < kw; q++)
                                {
                                    int r = i * stride - padding + p * dilation, col = j * stride - padding + q * dilation;
                                    if (r < 0 || r >= h || col < 0 || col >= wd) continue; // zero padding
                                    int inC = oc / og * cg + ic;
                                    s += x[((b * c + inC) * h + r) * wd + col] * w[((oc * cg + ic) * kh + p) * kw + q];
                                }
                        y[((b * o + oc) * oh + i) * ow + j] = s;
                    }
        return (y, [n, o, oh, ow]);
    }

    /// <summary>Max over each window; padding never wins (it counts as -infinity).</summary>
    public static (double[] Y, int[] Shape) MaxPool2d(double[] x, int[] xs, int kernel, int stride, int padding, int dilation = 1) =>
        Pool(x, xs, kernel, stride, padding, dilation, window => window.Count == 0 ? double.NegativeInfinity : window.Max());

    /// <summary>Mean over each window, dividing by kernel² including padded zeros (count_include_pad = true).</summary>
    public static (double[] Y, int[] Shape) AvgPool2d(double[] x, int[] xs, int kernel, int stride, int padding) =>
        Pool(x, xs, kernel, stride, padding, 1, window => window.Sum() / (kernel * kernel));

    /// <summary>Applies <paramref name="reduce"/> to the in-bounds values of each window.</summary>
    private static (double[] Y, int[] Shape) Pool(double[] x, int[] xs, int kernel, int stride, int padding, int dilation,
        Func<List<double>, double> reduce)
    {
        int nc = xs[0] * xs[1], h = xs[2], w = xs[3];
        int oh = OutSize(h, kernel, stride, padding, dilation), ow = OutSize(w, kernel, stride, padding, dilation);
        var y = new double[nc * oh * ow];
        var window = new List<double>();
        for (int plane = 0; plane < nc; plane++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                {
                    window.Clear();
                    for (int p = 0; p < kernel; p++)
                        for (int q = 0; q < kernel; q++)
                        {
                            int r = i * stride - padding + p * dilation, col = j * stride - padding + q * dilation;
                            if (r >= 0 && r < h && col >= 0 && col < w) window.Add(x[(plane * h + r) * w + col]);
                        }
                    y[(plane * oh + i) * ow + j] = reduce(window);
                }
        return (y, [xs[0], xs[1], oh, ow]);
    }

    /// <summary>Adaptive average pooling: output cell i averages rows floor(i*H/OH) .. ceil((i+1)*H/OH)-1.</summary>
    public static double[] AdaptiveAvgPool2d(double[] x, int[] xs, int oh, int ow)
    {
        int nc = xs[0] * xs[1], h = xs[2], w = xs[3];
        var y = new double[nc * oh * ow];
        for (int plane = 0; plane < nc; plane++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                {
                    int r0 = i * h / oh, r1 = ((i + 1) * h + oh - 1) / oh, c0 = j * w / ow, c1 = ((j + 1) * w + ow - 1) / ow;
                    double s = 0;
                    for (int r = r0; r < r1; r++)
                        for (int c = c0; c < c1; c++)
                            s += x[(plane * h + r) * w + c];
                    y[(plane * oh + i) * ow + j] = s / ((r1 - r0) * (c1 - c0));
                }
        return y;
    }

    /// <summary>
    /// Training batch norm over x [N, C, ...]: normalises by the batch mean and biased variance, and
    /// updates the running statistics in place with the unbiased variance, as PyTorch does.
    /// </summary>
    public static double[] BatchNormTrain(double[] x, int[] xs, double[] gamma, double[] beta,
        double[] runningMean, double[] runningVar, double momentum, double eps)
    {
        int n = xs[0], c = xs[1], spatial = x.Length / (n * c), count = n * spatial;
        var mean = new double[c];
        var variance = new double[c];
        foreach (var (ch, v) in Elements(n, c, spatial, x)) mean[ch] += v / count;
        foreach (var (ch, v) in Elements(n, c, spatial, x)) variance[ch] += (v - mean[ch]) * (v - mean[ch]) / count;
        for (int ch = 0; ch < c; ch++)
        {
            runningMean[ch] = (1 - momentum) * runningMean[ch] + momentum * mean[ch];
            runningVar[ch] = (1 - momentum) * runningVar[ch] + momentum * variance[ch] * count / (count - 1);
        }
        return Normalise(x, n, c, spatial, mean, variance, gamma, beta, eps);
    }

    /// <summary>Evaluation batch norm: normalises by the running statistics, which stay unchanged.</summary>
    public static double[] BatchNormEval(double[] x, int[] xs, double[] gamma, double[] beta,
        double[] runningMean, double[] runningVar, double eps) =>
        Normalise(x, xs[0], xs[1], x.Length / (xs[0] * xs[1]), runningMean, runningVar, gamma, beta, eps);

    private static double[] Normalise(double[] x, int n, int c, int spatial, double[] mean, double[] variance,
        double[] gamma, double[] beta, double eps)
    {
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            int ch = i / spatial % c;
            y[i] = (x[i] - mean[ch]) / Math.Sqrt(variance[ch] + eps) * gamma[ch] + beta[ch];
        }
        return y;
    }

    /// <summary>(channel, value) of every element of x [N, C, spatial].</summary>
    private static IEnumerable<(int Channel, double Value)> Elements(int n, int c, int spatial, double[] x)
    {
        for (int i = 0; i < n * c * spatial; i++) yield return (i / spatial % c, x[i]);
    }

    /// <summary>log_softmax of each row of x [rows, cols]: x - log(sum(exp(x))), shifted by the row max for stability.</summary>
    public static double[] LogSoftmax(double[] x, int rows, int cols)
    {
        var y = new double[x.Length];
        for (int r = 0; r < rows; r++)
        {
            var row = x.AsSpan(r * cols, cols);
            double max = double.NegativeInfinity, sum = 0;
            foreach (var v in row) max = Math.Max(max, v);
            foreach (var v in row) sum += Math.Exp(v - max);
            for (int j = 0; j < cols; j++) y[r * cols + j] = row[j] - max - Math.Log(sum);
        }
        return y;
    }

    /// <summary>Mean negative log-likelihood; with class weights the mean divides by the summed target weights.</summary>
    public static double NllLoss(double[] logp, int rows, int cols, long[] target, double[]? weight = null)
    {
        double loss = 0, total = 0;
        for (int r = 0; r < rows; r++)
        {
            double wt = weight?[target[r]] ?? 1;
            loss -= wt * logp[r * cols + target[r]];
            total += wt;
        }
        return loss / total;
    }

    /// <summary>Cross-entropy of logits against class indices, mean reduction: nll_loss(log_softmax(x)).</summary>
    public static double CrossEntropy(double[] logits, int rows, int cols, long[] target, double[]? weight = null) =>
        NllLoss(LogSoftmax(logits, rows, cols), rows, cols, target, weight);
}
