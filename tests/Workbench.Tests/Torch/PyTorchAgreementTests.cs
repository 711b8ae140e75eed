using Workbench.Tests.Reference;
using Workbench.Torch;

namespace Workbench.Tests.Torch;

/// <summary>
/// The binding agrees with PyTorch itself (Debian's python3-torch, the same libtorch) on the ops
/// whose options are easy to wire wrongly: conv2d's stride/padding/groups, batch norm's running-stat
/// update, and cross-entropy's label smoothing, class weights and ignore index.
/// </summary>
public class PyTorchAgreementTests
{
    // Float32 results of the same kernels; the slack covers different summation orders.
    private const double Tolerance = 1e-5;

    private static Tensor RandomTensor(Random random, params long[] shape)
    {
        var count = shape.Aggregate(1L, (a, b) => a * b);
        return Tensor.From(Enumerable.Range(0, (int)count).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray(), shape);
    }

    private static void AssertClose(PyArray expected, Tensor actual, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var values = actual.To(DType.Float64).ToArray<double>();
        for (int i = 0; i < values.Length; i++)
            if (Math.Abs(values[i] - expected.Values[i]) > Tolerance * (1 + Math.Abs(expected.Values[i])))
                Assert.Fail($"{what}[{i}]: workbench {values[i]:G9}, PyTorch {expected.Values[i]:G9}");
    }

    [Fact]
    public void Conv2dForwardAndGradientsMatchPyTorch()
    {
        using var scope = DisposeScope.Enter();
        var random = new Random(1);
        var x = RandomTensor(random, 2, 4, 7, 6);
        var w = RandomTensor(random, 6, 2, 3, 2);
        var b = RandomTensor(random, 6);
        foreach (var t in new[] { x, w, b }) t.RequiresGrad = true;
        var y = Functional.Conv2d(x, w, b, [2, 1], [1, 0], [1, 2], groups: 2);
        var r = RandomTensor(random, y.Shape);
        (y * r).Sum().Backward();

        var torch = PyTorch.Run("""
            import torch.nn.functional as F
            x, w, b = (inputs[k].requires_grad_() for k in "xwb")
            y = F.conv2d(x, w, b, stride=(2, 1), padding=(1, 0), dilation=(1, 2), groups=2)
            (y * inputs["r"]).sum().backward()
            outputs.update(y=y, dx=x.grad, dw=w.grad, db=b.grad)
            """, new Dictionary<string, Tensor> { ["x"] = x, ["w"] = w, ["b"] = b, ["r"] = r });

        AssertClose(torch["y"], y, "y");
        AssertClose(torch["dx"], x.Grad!, "dx");
        AssertClose(torch["dw"], w.Grad!, "dw");
        AssertClose(torch["db"], b.Grad!, "db");
    }

    [Fact]
    public void TrainingBatchNormAndItsRunningStatisticsMatchPyTorch()
    {
        using var scope = DisposeScope.Enter();
        var random = new Random(2);
        var x = RandomTensor(random, 4, 3, 5, 5);
        var later = RandomTensor(random, 2, 3, 5, 5);
        var weight = RandomTensor(random, 3);
        var bias = RandomTensor(random, 3);
        var initialMean = RandomTensor(random, 3);
        var initialVar = RandomTensor(random, 3).Abs() + 0.5;
        var mean = initialMean.Clone();
        var variance = initialVar.Clone();

        // Training normalises by the batch and updates the running statistics in place
        // (with the unbiased variance); evaluation then normalises by the updated statistics.
        var trained = Functional.BatchNorm(x, mean, variance, weight, bias, training: true, momentum: 0.3);
        var evaluated = Functional.BatchNorm(later, mean, variance, weight, bias, training: false);

        var torch = PyTorch.Run("""
            import torch.nn.functional as F
            mean, var = inputs["mean"].clone(), inputs["var"].clone()
            w, b = inputs["weight"], inputs["bias"]
            trained = F.batch_norm(inputs["x"], mean, var, w, b, training=True, momentum=0.3)
            evaluated = F.batch_norm(inputs["later"], mean, var, w, b, training=False)
            outputs.update(trained=trained, evaluated=evaluated, mean=mean, var=var)
            """, new Dictionary<string, Tensor>
        {
            ["x"] = x, ["later"] = later, ["weight"] = weight, ["bias"] = bias, ["mean"] = initialMean, ["var"] = initialVar,
        });

        AssertClose(torch["trained"], trained, "training output");
        AssertClose(torch["mean"], mean, "running mean");
        AssertClose(torch["var"], variance, "running var");
        AssertClose(torch["evaluated"], evaluated, "evaluation output");
    }

    [Fact]
    public void CrossEntropyWithLabelSmoothingMatchesPyTorch()
    {
        using var scope = DisposeScope.Enter();
        var random = new Random(3);
        var logits = RandomTensor(random, 6, 5);
        // One ignored sample: it must drop out of the sum and of the mean's denominator.
        var target = Tensor.From(new long[] { 0, 4, 2, -100, 1, 4 });
        var weight = Tensor.From(new float[] { 0.5f, 1f, 2f, 1.5f, 0.8f });
        var reductions = new[] { Reduction.None, Reduction.Mean, Reduction.Sum };

        var losses = new Dictionary<string, Tensor>();
        foreach (var reduction in reductions)
        {
            losses[$"plain_{reduction}"] = Functional.CrossEntropy(logits, target, null, reduction, labelSmoothing: 0.2);
            losses[$"weighted_{reduction}"] = Functional.CrossEntropy(logits, target, weight, reduction, labelSmoothing: 0.2);
        }
        var leaf = logits.Clone();
        leaf.RequiresGrad = true;
        Functional.CrossEntropy(leaf, target, weight, labelSmoothing: 0.2).Backward();

        var torch = PyTorch.Run("""
            import torch.nn.functional as F
            logits, target, weight = inputs["logits"], inputs["target"], inputs["weight"]
            for reduction in ["none", "mean", "sum"]:
                name = reduction.capitalize()
                outputs["plain_" + name] = F.cross_entropy(logits, target, reduction=reduction, label_smoothing=0.2)
                outputs["weighted_" + name] = F.cross_entropy(logits, target, weight, reduction=reduction, label_smoothing=0.2)
            leaf = logits.clone().requires_grad_()
            F.cross_entropy(leaf, target, weight, label_smoothing=0.2).backward()
            outputs["grad"] = leaf.grad
            """, new Dictionary<string, Tensor> { ["logits"] = logits, ["target"] = target, ["weight"] = weight });

        foreach (var (name, loss) in losses) AssertClose(torch[name], loss, name);
        AssertClose(torch["grad"], leaf.Grad!, "d loss / d logits");
    }
}

/// <summary>Seeding is process-wide, so this runs alone, where no other test draws random numbers in between.</summary>
[Collection(SerialCollection.Name)]
public class PyTorchSeedAgreementTests
{
    [Fact]
    public void ManualSeedReproducesPyTorchsRandomNumbersExactly()
    {
        // Same libtorch, same CPU generator: a seed gives bit-identical draws in C# and in Python.
        // 5 values take the scalar normal path, 100 the vectorised one (16 or more).
        using var scope = DisposeScope.Enter();
        LibTorch.ManualSeed(42);
        var small = Tensor.RandN(5);
        var large = Tensor.RandN(100);
        var uniform = Tensor.Rand(3, 4);
        var permutation = Tensor.RandPerm(10);

        var torch = PyTorch.Run("""
            torch.manual_seed(42)
            outputs.update(small=torch.randn(5), large=torch.randn(100), uniform=torch.rand(3, 4), permutation=torch.randperm(10))
            """);

        Assert.Equal(torch["small"].Values, small.To(DType.Float64).ToArray<double>());
        Assert.Equal(torch["large"].Values, large.To(DType.Float64).ToArray<double>());
        Assert.Equal(torch["uniform"].Values, uniform.To(DType.Float64).ToArray<double>());
        Assert.Equal(torch["permutation"].Values, permutation.ToArray<long>().Select(v => (double)v));
    }
}

/// <summary>The bridge reports Python's failures instead of returning partial results.</summary>
public class PyTorchBridgeTests
{
    [Fact]
    public void TensorsRoundTripWithTheirShapesDTypesAndExactValues()
    {
        using var scope = DisposeScope.Enter();
        var inputs = new Dictionary<string, Tensor>
        {
            ["f32"] = Tensor.From([1.5f, -0.1f, float.MaxValue, 3e-39f], 2, 2), // includes a subnormal
            ["f64"] = Tensor.From([0.1, Math.PI]),
            ["i64"] = Tensor.From([-(1L << 53), -1L, 1L << 53], 3, 1),
            ["flag"] = Tensor.From([true, false, true]),
            ["scalar"] = Tensor.Full([], 2.5, DType.Float64),
            ["empty"] = Tensor.Zeros([0, 3], DType.Float32),
        };
        var result = PyTorch.Run("""
            outputs.update(inputs)
            outputs["number"] = 0.1            # a Python float stays float64
            outputs["nested"] = [[1, 2, 3], [4, 5, 6]]
            """, inputs);

        Assert.Equal(inputs.Keys.Concat(["number", "nested"]).Order(), result.Keys.Order());
        foreach (var (name, tensor) in inputs)
        {
            Assert.Equal(tensor.Shape, result[name].Shape);
            Assert.Equal(tensor.To(DType.Float64).ToArray<double>(), result[name].Values);
        }
        Assert.Equal("torch.float32", result["f32"].TorchDType);
        Assert.Equal("torch.int64", result["i64"].TorchDType);
        Assert.Equal("torch.bool", result["flag"].TorchDType);
        Assert.Equal(0.1, result["number"].Item);
        Assert.Equal([2L, 3], result["nested"].Shape);

        // ToTensor keeps a 0-dim output 0-dim, and converts to the dtype asked for.
        var scalar = result["scalar"].ToTensor();
        Assert.Equal(0, scalar.Dim);
        Assert.Equal(2.5, scalar.Item<double>());
        var f32 = result["f32"].ToTensor(DType.Float32);
        Assert.Equal(inputs["f32"].ToArray<float>(), f32.ToArray<float>());
    }

    [Fact]
    public void AFailingScriptThrowsWithPythonsTraceback()
    {
        var e = Assert.Throws<PyTorchException>(() => PyTorch.Run("""
            x = inputs["x"]
            raise ValueError(f"boom {x.dtype} {list(x.shape)}")
            """, new Dictionary<string, Tensor> { ["x"] = Tensor.Zeros([2, 3], DType.Int64) }));
        Assert.Equal(1, e.ExitCode);
        Assert.Contains("ValueError: boom torch.int64 [2, 3]", e.Stderr);
        Assert.Contains("script.py", e.Stderr); // the traceback points into the script
    }

    [Fact]
    public void AScriptPastItsTimeoutIsKilled()
    {
        var e = Assert.Throws<PyTorchException>(() => PyTorch.Run("import time; time.sleep(60)", timeout: TimeSpan.FromSeconds(1)));
        Assert.Null(e.ExitCode);
        Assert.Contains("longer than 1 s", e.Message);
    }
}
