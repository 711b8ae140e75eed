using Workbench.Data;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Pruning;
using Workbench.Pruning.Selection;
using Workbench.Similarity;
using Workbench.Torch;
using Workbench.Training;
using F = Workbench.Torch.Functional;

namespace Workbench.Tests.Cuda;

/// <summary>The CUDA category: the same computations on the GPU as on the CPU, and training, search and memory there.</summary>
[Collection(SerialCollection.Name)]
[Trait("Category", "Cuda")]
public class CudaTests
{
    private static readonly Device Gpu = Device.Cuda(0);

    private static float[] OnCpu(Tensor t)
    {
        using var cpu = t.To(Device.Cpu);
        return cpu.ToArray<float>();
    }

    private static void Close(float[] expected, float[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i])), $"element {i}: CPU {expected[i]}, GPU {actual[i]}");
    }

    [CudaFact]
    public void ConvolutionLinearAndTheirGradientsEqualTheCpuResults()
    {
        using var scope = DisposeScope.Enter();
        LibTorch.ManualSeed(1);
        var x = Tensor.RandN(4, 3, 12, 12);
        var w = Tensor.RandN(8, 3, 3, 3);
        var v = Tensor.RandN(10, 8 * 6 * 6);
        (float[] Out, float[] GradW) Run(Device device)
        {
            var wd = w.To(device);
            wd.RequiresGrad = true;
            var h = F.MaxPool2d(F.Conv2d(x.To(device), wd, padding: 1).Relu(), 2);
            var y = F.Linear(h.Flatten(1), v.To(device));
            y.Sum().Backward();
            return (OnCpu(y), OnCpu(wd.Grad!));
        }
        var (cpuOut, cpuGrad) = Run(Device.Cpu);
        var (gpuOut, gpuGrad) = Run(Gpu);
        Close(cpuOut, gpuOut, 1e-3);
        Close(cpuGrad, gpuGrad, 1e-3);
    }

    [CudaFact]
    public void TrainingOnTheGpuKeepsEverythingThereAndLearns()
    {
        var (history, accuracy, net) = SyntheticTask.Train(Gpu);
        using (net)
        {
            Assert.All(net.Parameters(), p => Assert.True(p.Device.IsCuda));
            Assert.True(history[^1].TrainLoss < history[0].TrainLoss, $"train loss {history[0].TrainLoss} -> {history[^1].TrainLoss}");
            Assert.True(accuracy > 0.6, $"test accuracy {accuracy:P1}");
        }
    }

    [CudaFact]
    public void TheMaskSearchOnTheGpuScoresCandidatesAsTheCpuDoes()
    {
        using var valid = SyntheticTask.Images(300, 3);
        LibTorch.ManualSeed(3);
        using var cpuNet = ConvNet.Create(1, 28, width: 0.25);
        using var gpuNet = NetworkCopy.Clone(cpuNet);
        gpuNet.To(Gpu);
        SelectionResult Search(ConvNet net)
        {
            using var evaluator = new ValidationEvaluator(net, valid, null);
            return new LeastAdversarialSelector(evaluator, 6, seed: 5).Select(net.ConvLayers()[2], Granularity.FeatureMap, 0.5);
        }
        var (cpu, gpu) = (Search(cpuNet), Search(gpuNet));
        Assert.Equal(cpu.Candidates.Count, gpu.Candidates.Count);
        // An untrained network's logits are close, so a rounding difference may flip an image or two; never more.
        foreach (var (c, g) in cpu.Candidates.Zip(gpu.Candidates))
        {
            Assert.True(Math.Abs(c.Mcr - g.Mcr) <= 2 * 100.0 / valid.Count, $"candidate {c.Index}: MCR {c.Mcr}% on the CPU, {g.Mcr}% on the GPU");
            Assert.True(Math.Abs(c.Loss - g.Loss) <= 1e-3 * (1 + Math.Abs(c.Loss)), $"candidate {c.Index}: loss {c.Loss} on the CPU, {g.Loss} on the GPU");
        }
    }

    [CudaFact]
    public void CkaOnTheGpuEqualsCkaOnTheCpu()
    {
        using var scope = DisposeScope.Enter();
        LibTorch.ManualSeed(4);
        var x = Tensor.RandN(300, 20);
        var y = x.MatMul(Tensor.RandN(20, 15)) + Tensor.RandN(300, 15) * 0.5;
        Assert.Equal(LinearCka.Compute(x, y), LinearCka.Compute(x.To(Gpu), y.To(Gpu)), 4);
    }

    [CudaFact]
    public void ATrainingLoopOnTheGpuLeavesNoLiveTensorsBehind()
    {
        LibTorch.ManualSeed(5);
        using var net = ConvNet.Create(1, 28, width: 0.25);
        net.To(Gpu);
        using var x = Tensor.RandN(32, 1, 28, 28).To(Gpu);
        using var y = Tensor.RandInt(0, 10, [32]).To(Gpu);
        var sgd = new Sgd(net.NamedParameters(), 0.01, 0.9);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long? baseline = null;
        for (int step = 0; step < 500; step++)
        {
            using (DisposeScope.Enter())
            {
                net.ZeroGrad();
                F.CrossEntropy(net.Forward(x), y).Backward();
                sgd.Step();
            }
            // The optimizer's momentum buffers appear on the first step; from then on the count is exact.
            baseline ??= LibTorch.LiveTensorCount;
            Assert.Equal(baseline, LibTorch.LiveTensorCount);
        }
        sgd.Reset();
    }
}
