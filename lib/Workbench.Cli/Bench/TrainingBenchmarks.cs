using Workbench.Measurement;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Torch;
using Workbench.Training;

namespace Workbench.Cli.Bench;

/// <summary>
/// The training step against PyTorch on the same libtorch (bench/pytorch_train_step.py builds the identical
/// network), same batch, input size and thread count, alternating the two sides; and thread scaling.
/// </summary>
internal static class TrainingBenchmarks
{
    /// <summary>A network to time: <c>convnet</c> at a width, or a CIFAR ResNet of a depth (6n+2).</summary>
    public sealed record Case(string Model, double Width, int Channels, int Size, int Batch, int Depth = 20)
    {
        public string Label => Model == "convnet" ? $"ConvNet ×{Width.ToString(CultureInfo.InvariantCulture)} on {Channels}×{Size}×{Size}" : $"ResNet{Depth} on {Channels}×{Size}×{Size}";
        public Module Build() => Model == "convnet" ? ConvNet.Create(Channels, Size, 10, Width) : ResNetCifar.Create(Depth, Channels, Size);
    }

    /// <summary>Seconds for <paramref name="steps"/> SGD steps of the workbench, after <paramref name="warmUp"/> untimed ones.</summary>
    public static double Workbench(Case c, int threads, int warmUp, int steps, Device device)
    {
        var previous = LibTorch.Threads;
        LibTorch.Threads = threads;
        try
        {
            LibTorch.ManualSeed(0);
            using var net = c.Build();
            net.To(device);
            using var x = Tensor.RandN(c.Batch, c.Channels, c.Size, c.Size).To(device);
            using var y = Tensor.RandInt(0, 10, [c.Batch]).To(device);
            var sgd = new Sgd(net.NamedParameters(), 0.01, 0.9, weightDecay: 1e-4);
            void Step()
            {
                using var scope = DisposeScope.Enter();
                net.ZeroGrad();
                Functional.CrossEntropy(net.Forward(x), y).Backward();
                sgd.Step();
            }
            for (int i = 0; i < warmUp; i++) Step();
            LibTorch.CudaSynchronize(device.Index);
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < steps; i++) Step();
            LibTorch.CudaSynchronize(device.Index);
            var seconds = clock.Elapsed.TotalSeconds;
            sgd.Reset();
            return seconds;
        }
        finally
        {
            LibTorch.Threads = previous;
        }
    }

    /// <summary>
    /// The Python whose PyTorch is compared: Debian's /usr/bin/python3 (python3-torch, the libtorch the shim is built
    /// against here) unless WORKBENCH_PYTHON names another, e.g. the python3 of a PyTorch install whose libtorch a GPU build uses.
    /// </summary>
    public static string PythonWithTorch => Environment.GetEnvironmentVariable("WORKBENCH_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";

    /// <summary>What the PyTorch side reports: its timed seconds, and the network and device it timed them on.</summary>
    public sealed record PyTorchRun(double Seconds, long Parameters, string Device);

    /// <summary>The same measurement in PyTorch, in a fresh <see cref="PythonWithTorch"/> (its start-up is not timed).</summary>
    public static PyTorchRun PyTorch(Case c, int threads, int warmUp, int steps, string script, Device device)
    {
        var start = new ProcessStartInfo(PythonWithTorch) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { script, "--model", c.Model, "--depth", $"{c.Depth}", "--width", c.Width.ToString(CultureInfo.InvariantCulture), "--channels", $"{c.Channels}",
                     "--size", $"{c.Size}", "--batch", $"{c.Batch}", "--threads", $"{threads}", "--warmup", $"{warmUp}", "--steps", $"{steps}", "--device", device.ToString() })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {PythonWithTorch}");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{script} failed ({process.ExitCode}) under {PythonWithTorch}; is PyTorch installed there (WORKBENCH_PYTHON picks another)? {error}");
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        return new PyTorchRun(root.GetProperty("seconds").GetDouble(), root.GetProperty("parameters").GetInt64(), root.GetProperty("device").GetString() ?? "");
    }

    /// <summary>
    /// FLOPs of one training step: forward MACs × batch × 2 FLOPs per MAC × 3, the usual estimate
    /// of a forward pass plus a backward pass that costs about twice as much.
    /// </summary>
    public static double StepFlops(Case c)
    {
        using var net = c.Build();
        return 6.0 * c.Batch * ModelStats.Count(net, [c.Channels, c.Size, c.Size]).TotalMacs;
    }

    /// <summary>
    /// The best GFLOP/s the same libtorch reaches on a plain 3×3 convolution (forward, batch 128) over a
    /// few channel/size shapes like the networks': the ceiling the training step is measured against.
    /// </summary>
    public static (string Markdown, double Peak, object Rows) ConvolutionPeak(int repeats, Device device)
    {
        var md = new StringBuilder("| convolution (batch 128, 3×3, padding 1) | time (ms) | GFLOP/s |\n|---|---|---|\n");
        var rows = new List<object>();
        var peak = 0.0;
        foreach (var (channels, side) in new[] { (16, 32), (64, 16), (128, 8), (256, 8) })
        {
            LibTorch.ManualSeed(0);
            using var x = Tensor.RandN(128, channels, side, side).To(device);
            using var w = Tensor.RandN(channels, channels, 3, 3).To(device);
            void Run()
            {
                using var noGrad = Autograd.NoGrad();
                using var y = Functional.Conv2d(x, w, padding: 1);
            }
            var t = Timing.Alternate(2, repeats, ("conv", Timing.Synchronized(device, Run)))[0];
            var flops = 2.0 * 128 * channels * channels * 9 * side * side;
            var gflops = flops / t.Median / 1e9;
            peak = Math.Max(peak, gflops);
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {channels}→{channels} on {side}×{side} | {1000 * t.Median:F2} ({1000 * t.Low:F2}–{1000 * t.High:F2}) | {gflops:F1} |"));
            rows.Add(new { channels, side, seconds = t.Seconds, gflops });
        }
        return (md.ToString(), peak, rows);
    }

    public static (string Markdown, object Rows) VersusPyTorch(IReadOnlyList<Case> cases, int threads, int warmUp, int steps, int repeats, string script, double convPeakGflops, Device device)
    {
        var md = new StringBuilder("| network | batch | threads | workbench (images/s) | PyTorch (images/s) | step-time ratio (workbench / PyTorch) | workbench GFLOP/s | of conv2d peak |\n|---|---|---|---|---|---|---|---|\n");
        var rows = new List<object>();
        foreach (var c in cases)
        {
            // Alternated whole calls; each side times its own steps, so PyTorch's interpreter start-up is not counted.
            var ours = new List<double>();
            var theirs = new List<double>();
            Timing.Alternate(0, repeats, ("workbench", () => ours.Add(Workbench(c, threads, warmUp, steps, device))), ("pytorch", () => theirs.Add(PyTorch(c, threads, warmUp, steps, script, device).Seconds)));
            var (w, p) = (new Timing("workbench", ours.ToArray()), new Timing("pytorch", theirs.ToArray()));
            var gflops = StepFlops(c) * steps / w.Median / 1e9;
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {c.Label} | {c.Batch} | {threads} | {c.Batch * steps / w.Median:F1} ({c.Batch * steps / w.High:F1}–{c.Batch * steps / w.Low:F1}) | {c.Batch * steps / p.Median:F1} ({c.Batch * steps / p.High:F1}–{c.Batch * steps / p.Low:F1}) | {w.Median / p.Median:F3} | {gflops:F1} | {gflops / convPeakGflops:P0} |"));
            rows.Add(new { network = c.Label, device = device.ToString(), c.Batch, threads, steps, workbenchSeconds = ours, pytorchSeconds = theirs, ratio = w.Median / p.Median, gflops, convPeakGflops });
        }
        return (md.ToString(), rows);
    }

    public static (string Markdown, object Rows) ThreadScaling(Case c, int warmUp, int steps, int repeats)
    {
        var all = Environment.ProcessorCount;
        var one = new List<double>();
        var many = new List<double>();
        Timing.Alternate(0, repeats, ("1", () => one.Add(Workbench(c, 1, warmUp, steps, Device.Cpu))), ("all", () => many.Add(Workbench(c, all, warmUp, steps, Device.Cpu))));
        var (t1, tn) = (new Timing("1", one.ToArray()).Median, new Timing("n", many.ToArray()).Median);
        var md = string.Create(CultureInfo.InvariantCulture,
            $"| network | 1 thread (images/s) | {all} threads (images/s) | speedup |\n|---|---|---|---|\n| {c.Label} | {c.Batch * steps / t1:F1} | {c.Batch * steps / tn:F1} | {t1 / tn:F2}× |\n");
        return (md, new { network = c.Label, oneThreadSeconds = one, allThreadsSeconds = many, threads = all });
    }
}
