using FsCheck;
using FsCheck.Fluent;
using Workbench.Tests.Reference;
using Workbench.Torch;
using Workbench.Training;

namespace Workbench.Tests.Training;

public class SgdTests
{
    // Five steps of our SGD against torch.optim.SGD fed the same gradients, for every combination
    // of momentum, Nesterov and weight decay (all in one Python call).
    [Fact]
    public void MatchesTorchOptimSgdStepByStep()
    {
        using var scope = DisposeScope.Enter();
        LibTorch.ManualSeed(3);
        var start = Tensor.RandN([4, 3], DType.Float64);
        var grads = Tensor.RandN([5, 4, 3], DType.Float64);
        var settings = new (double Momentum, bool Nesterov, double Decay)[] { (0, false, 0), (0.9, false, 0), (0.9, true, 1e-2), (0.5, false, 5e-4) };
        var torch = PyTorch.Run("""
            settings = [(0, False, 0), (0.9, False, 0), (0.9, True, 1e-2), (0.5, False, 5e-4)]
            for i, (m, nesterov, wd) in enumerate(settings):
                p = inputs["start"].clone().requires_grad_()
                opt = torch.optim.SGD([p], lr=0.1, momentum=m, nesterov=nesterov, weight_decay=wd)
                for g in inputs["grads"]:
                    p.grad = g.clone()
                    opt.step()
                outputs[f"p{i}"] = p.detach()
            """, new Dictionary<string, Tensor> { ["start"] = start, ["grads"] = grads });

        for (int i = 0; i < settings.Length; i++)
        {
            var p = start.Clone();
            p.RequiresGrad = true;
            var sgd = new Sgd([("p", p)], 0.1, settings[i].Momentum, settings[i].Nesterov, settings[i].Decay);
            for (int step = 0; step < 5; step++)
            {
                p.ClearGrad();
                (p * grads[step]).Sum().Backward(); // leaves exactly grads[step] in p.Grad
                sgd.Step();
            }
            var ours = p.Detach().ToArray<double>();
            var theirs = torch[$"p{i}"].Values;
            for (int k = 0; k < ours.Length; k++) Assert.Equal(theirs[k], ours[k], 12);
            sgd.Reset();
        }
    }

    [Fact]
    public void ZeroWeightsWithZeroGradientStayExactlyZero()
    {
        // Masked (pruned) weights: zero value, zero gradient, momentum and weight decay on.
        Prop.ForAll(Gen.Choose(1, 30).ToArbitrary(), steps =>
        {
            using var scope = DisposeScope.Enter();
            var w = Tensor.RandN(6, 5);
            var mask = Tensor.RandN(6, 5) > 0;
            using (Autograd.NoGrad()) w.Mul_(mask);
            w.RequiresGrad = true;
            var before = w.Detach().Clone();
            var sgd = new Sgd([("w", w)], 0.05, 0.9, nesterov: true, weightDecay: 5e-4);
            for (int i = 0; i < steps; i++)
            {
                w.ClearGrad();
                (w * mask * Tensor.RandN(6, 5)).Sum().Backward();
                sgd.Step();
            }
            var ok = w.Detach().MaskedFill(mask, 0).Abs().Max().Item<float>() == 0
                && (w.Detach() - before).Abs().MaskedFill(mask.LogicalNot(), 0).Max().Item<float>() > 0;
            sgd.Reset();
            return ok;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void BadSettingsNameTheSetting()
    {
        using var p = Tensor.Zeros(2);
        Assert.Contains("learningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([("p", p)], 0)).ParamName);
        Assert.Contains("momentum", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([("p", p)], 0.1, 1.0)).ParamName);
        Assert.Contains("Nesterov", Assert.Throws<ArgumentException>(() => new Sgd([("p", p)], 0.1, 0, nesterov: true)).Message);
    }
}

public class LearningRateScheduleTests
{
    [Fact]
    public void MultiStepDividesAtEachMilestone()
    {
        var s = LearningRateSchedule.MultiStep(0.1, [100, 150]);
        Assert.Equal(0.1, s.At(0), 12);
        Assert.Equal(0.1, s.At(99), 12);
        Assert.Equal(0.01, s.At(100), 12);
        Assert.Equal(0.001, s.At(150), 12);
        Assert.Equal(0.001, s.At(199), 12);
    }

    [Fact]
    public void CosineStartsAtTheRateAndFallsMonotonicallyToTheMinimum()
    {
        var s = LearningRateSchedule.Cosine(0.1, 20, 0.001);
        Assert.Equal(0.1, s.At(0), 12);
        Assert.Equal(0.0505, s.At(10), 12);
        Assert.Equal(0.001, s.At(20), 12);
        for (int e = 1; e <= 20; e++) Assert.True(s.At(e) < s.At(e - 1));
    }

    [Fact]
    public void ParseReadsTheCommandLineFormsAndRejectsOthers()
    {
        Assert.Equal(LearningRateSchedule.MultiStep(0.1, [3, 7]).At(5), LearningRateSchedule.Parse("multistep:3,7", 0.1, 10).At(5));
        Assert.Equal(0.1, LearningRateSchedule.Parse("constant", 0.1, 10).At(9));
        Assert.Contains("unknown learning-rate schedule 'step'", Assert.Throws<ArgumentException>(() => LearningRateSchedule.Parse("step", 0.1, 10)).Message);
    }
}
