using System.CommandLine;
using System.Text;
using System.Text.Json;
using Workbench.Checkpoints;
using Workbench.Cli.Bench;
using Workbench.Data;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Torch;

namespace Workbench.Cli;

/// <summary>
/// <c>workbench bench</c>: benchmarks, not tests. Each warms up, alternates the compared sides, and reports
/// median and interquartile range, with the machine, threads and libtorch version.
/// </summary>
internal static class BenchCommand
{
    private static readonly string[] Sections = ["training", "epochs", "retraining", "inference", "kernels", "search", "assembly", "charts", "graph"];

    public static Command Create()
    {
        var checkpoint = new Option<FileInfo?>("--checkpoint") { Description = "a trained ConvNet to benchmark (default: a fresh width-0.125 ConvNet on 1×28×28)" };
        var quick = new Option<bool>("--quick") { Description = "a reduced run (under two minutes)" };
        var output = new Option<DirectoryInfo>("--out") { DefaultValueFactory = _ => new DirectoryInfo("docs"), Description = "where benchmarks.md and benchmarks.json go" };
        var only = new Option<string[]>("--only") { Description = "run only these sections: " + string.Join(", ", Sections), AllowMultipleArgumentsPerToken = true };
        CliErrors.OneOf(only, Sections);
        var deviceOption = new Option<string>("--device") { Description = "cpu, cuda, cuda:N or auto: where every section runs (thread scaling is CPU-only)", DefaultValueFactory = _ => "cpu" };
        var command = new Command("bench", "Benchmarks: the training step against PyTorch, time per CIFAR-sized epoch, thread scaling, realised speedup of compacted networks, mask-search throughput, batch assembly.") { checkpoint, quick, only, deviceOption, output };
        command.SetAction(result =>
        {
            var file = result.GetValue(checkpoint);
            var isQuick = result.GetValue(quick);
            var selected = result.GetValue(only) ?? [];
            var device = CliErrors.ParseDevice(result.GetValue(deviceOption)!);
            // Checked before the first section runs, not when a section first needs the network minutes later.
            if (file is not null)
            {
                InputPaths.Check("--checkpoint", file.FullName);
                if (ModelCheckpoint.ReadArchitecture(file.FullName) is not ConvNetArchitecture)
                    throw new ArgumentException($"--checkpoint '{file.FullName}' does not hold a ConvNet; the benchmarks time a ConvNet");
            }
            bool Want(string section) => selected.Length == 0 || selected.Contains(section);
            object? peakRows = null, trainingRows = null, epochRows = null, scalingRows = null, retrainingRows = null, inferenceRows = null, kernelRows = null, searchRows = null, assemblyRows = null, chartRows = null, graphRows = null;
            ConvNet Baseline()
            {
                if (file is null) { LibTorch.ManualSeed(0); return ConvNet.Create(1, 28, width: 0.125); }
                using var loaded = ModelCheckpoint.Load(file.FullName);
                return NetworkCopy.Clone((ConvNet)loaded.Model);
            }
            var machine = Machine.Describe(device);
            Console.WriteLine(machine);
            var md = new StringBuilder($"# Benchmarks\n\nMachine: {machine}.\nCommand: `./workbench bench{(file is null ? "" : $" --checkpoint {Path.GetRelativePath(Environment.CurrentDirectory, file.FullName)}")}{(isQuick ? " --quick" : "")}{(device.IsCuda ? $" --device {device}" : "")}{(selected.Length > 0 ? " --only " + string.Join(' ', selected) : "")}`.\n" +
                "Times are medians over alternating repeats (interquartile range in brackets). What changed for speed, with before and after: [performance.md](performance.md).\n\n");

            if (Want("training"))
            {
                Console.WriteLine("conv2d peak");
                var (peakTable, peak, peaks) = TrainingBenchmarks.ConvolutionPeak(isQuick ? 3 : 10, device);
                peakRows = peaks;
                Console.WriteLine("training step: workbench vs PyTorch");
                var script = Path.Combine(DataPaths.RepoRoot ?? Environment.CurrentDirectory, "bench", "pytorch_train_step.py");
                var cases = new[] { new TrainingBenchmarks.Case("convnet", 0.25, 3, 32, 128), new TrainingBenchmarks.Case("resnet", 1, 3, 32, 128) };
                // A GPU step takes milliseconds: more steps per repeat keep the timer's resolution and the launch of Python out of it.
                var steps = device.IsCuda ? (isQuick ? 20 : 100) : (isQuick ? 2 : 5);
                (var training, trainingRows) = TrainingBenchmarks.VersusPyTorch(isQuick ? cases[1..] : cases, LibTorch.Threads, device.IsCuda ? 10 : 2, steps, isQuick ? 2 : 5, script, peak, device);
                md.Append("## Training step: workbench vs PyTorch\n\nThe same network, batch, input size and thread count; SGD with momentum 0.9 and weight decay 1e-4; " +
                    "PyTorch is the same libtorch's Python (`bench/pytorch_train_step.py`; Debian's python3-torch unless WORKBENCH_PYTHON names another). Images/s from the median repeat (interquartile range in brackets); " +
                    "a ratio at or below 1 means the workbench is at least as fast. GFLOP/s counts a step as 3 × 2 × forward MACs × batch (backward ≈ twice the forward), " +
                    $"against the best GFLOP/s of a plain 3×3 convolution on the same libtorch, threads and machine ({peak:F1} GFLOP/s, below): a machine-independent view of how much of the hardware a step uses.\n\n").Append(training).Append('\n')
                    .Append("### conv2d peak\n\n").Append(peakTable).Append('\n');
                if (!device.IsCuda)
                {
                    (var scaling, scalingRows) = TrainingBenchmarks.ThreadScaling(cases[1], 2, isQuick ? 2 : 5, isQuick ? 2 : 3);
                    md.Append("## Thread scaling of the training step\n\n").Append(scaling).Append('\n');
                }
            }

            if (Want("epochs"))
            {
                Console.WriteLine("time per CIFAR-sized epoch");
                var cases = new[] { new TrainingBenchmarks.Case("convnet", 1, 3, 32, 128), new TrainingBenchmarks.Case("resnet", 1, 3, 32, 128, Depth: 56) };
                var steps = device.IsCuda ? (isQuick ? 40 : EpochBenchmarks.StepsPerEpoch) : (isQuick ? 2 : 10);
                (var epochs, epochRows) = EpochBenchmarks.TimePerEpoch(cases, steps, device);
                md.Append($"## Time per epoch at CIFAR-10 size\n\nThe trainer itself (crop-and-flip augmentation, normalisation, SGD) on {EpochBenchmarks.CifarTrainImages:N0} random 3×32×32 images in batches of 128, " +
                    "for planning the full reproductions: the paper's ConvNet at full width and ResNet56.\n\n").Append(epochs).Append('\n');
            }

            if (Want("retraining"))
            {
                Console.WriteLine("retraining: masked vs through a compacted copy");
                (var retraining, retrainingRows) = RetrainingBenchmarks.Run(isQuick ? 4 : 20, isQuick ? 2 : 5, device);
                md.Append("## Retraining a pruned network: masked vs through a compacted copy\n\nA training step of the network at each state of the real-budget coarse schedule, " +
                    "with its masks fixed: computing every map (masked, `prune --retrain-masked`) or training a copy without the maps no layer reads and writing the result back (the default).\n\n").Append(retraining).Append('\n');
            }

            if (Want("inference"))
            {
                Console.WriteLine("inference: dense vs compacted");
                var ratios = isQuick ? new[] { 0.5 } : [0.25, 0.5, 0.75];
                string label;
                using (var probe = Baseline()) label = $"{probe.Describe()} on {string.Join('×', probe.InputShape)}";
                var (small, smallRows) = PruningBenchmarks.Inference(label, Baseline, ratios, isQuick ? [256] : [1, 256], isQuick ? 5 : 20, device);
                // The paper's width: layers wide enough for their convolutions, not their memory traffic, to set the time.
                var (paper, paperRows) = PruningBenchmarks.Inference("the paper's ConvNet (width 1, 128–256 maps per layer) on 3×32×32",
                    () => { LibTorch.ManualSeed(0); return ConvNet.Create(3, 32, width: 1); }, ratios, [256], isQuick ? 2 : 5, device);
                inferenceRows = new[] { smallRows, paperRows };
                md.Append("## Inference: dense vs feature-map-pruned and compacted\n\nEvery conv layer loses the given share of its maps (L1), then the network is compacted. MACs count convolutions and linear layers.\n\n")
                    .Append(small).Append('\n').Append(paper).Append('\n');
            }

            if (Want("kernels"))
            {
                Console.WriteLine("kernel pruning: masked dense vs kept-kernel convolution");
                (var kernels, kernelRows) = KernelBenchmarks.Run(isQuick, isQuick ? 5 : 20, device);
                md.Append("## Kernel pruning made real\n\nThe same kernel-pruned layer run two ways: the masked dense convolution (all kernels, removed ones zero) " +
                    "and the kept-kernel convolution (`Conv2d.RunKeptKernelsOnly`, what compaction makes of a kernel-pruned layer). Equal outputs are a test; " +
                    "each row also records the largest difference in `benchmarks.json`.\n\n")
                    .Append(device.IsCuda ? "On CUDA the kept-kernel layer runs the masked dense convolution (the kept-kernel convolution is CPU code), so both sides are the same path here.\n\n" : "")
                    .Append(kernels).Append('\n');
            }

            if (Want("charts"))
            {
                Console.WriteLine("charts: what showing a Plotly.NET chart costs a cell");
                (var charts, chartRows) = ChartBenchmarks.Run(isQuick);
                md.Append("## Showing a chart\n\nPlotly.NET's serialiser turns each chart into plotly JSON when a cell shows it; the bundle adds the HTML fallback (without plotly.js, which a notebook carries once).\n\n").Append(charts).Append('\n');
            }

            if (Want("search"))
            {
                Console.WriteLine("mask search: reusing activations vs full forward");
                LibTorch.ManualSeed(0);
                using var probe = Baseline();
                var images = isQuick ? 500 : 1000;
                using var validation = RandomImages.Of(probe.InputShape, images);
                (var search, var small) = PruningBenchmarks.MaskSearch(Baseline, validation, isQuick ? 5 : 20, isQuick ? 2 : 5, device);
                md.Append($"## Least-adversarial mask search\n\nCandidate feature-map masks (ratio 0.5) scored on {images} validation images.\n\n**{probe.Describe()} on {string.Join('×', probe.InputShape)}**\n\n").Append(search).Append('\n');
                object? paperRows = null;
                if (device.IsCuda)
                {
                    // The paper's setting, practical only on a GPU: the full-width network and a CIFAR-sized validation subset.
                    using var paperImages = RandomImages.Of([3, 32, 32], 10_000);
                    (var paper, paperRows) = PruningBenchmarks.MaskSearch(() => { LibTorch.ManualSeed(0); return ConvNet.Create(3, 32, width: 1); }, paperImages, isQuick ? 5 : 20, isQuick ? 2 : 3, device);
                    md.Append("**The paper's ConvNet (width 1) on 3×32×32, 10,000 validation images**\n\n").Append(paper).Append('\n');
                }
                searchRows = new { small, paper = paperRows };
            }

            if (Want("assembly"))
            {
                Console.WriteLine("batch assembly vs training steps");
                using var train = Datasets.Load("fashion-mnist", Split.Train);
                (var assembly, assemblyRows) = PruningBenchmarks.BatchAssembly(Baseline, train, isQuick ? 20 : 100, isQuick ? 2 : 5, device);
                md.Append("## Batch assembly\n\nBatches are cut from the training set held once in memory (index_select), normalised, and disposed.\n\n").Append(assembly).Append('\n');
            }

            if (Want("graph"))
            {
                Console.WriteLine("any network: trace, compaction and realised speedup of torchvision's models");
                var (traced, tracedRows) = GraphBenchmarks.TraceAndCompaction(["resnet18", "mobilenet_v2"], 224, isQuick ? 2 : 5);
                var (speedups, speedupRows) = GraphBenchmarks.Speedup(["vgg16_bn", "resnet18"], 64, isQuick ? [1] : [1, 64], isQuick ? 3 : 10, device);
                graphRows = new { trace = tracedRows, speedup = speedupRows };
                md.Append("## Pruning networks the workbench did not write\n\nTracing the dependency graph from one 3×224×224 image, and compacting after half of every group's prunable maps were masked (L1); the median of the repeats after a warm-up round.\n\n")
                    .Append(traced).Append("\nDense against half of every group's maps removed (L1) and compacted, on 3×64×64 images. MACs count convolutions and linear layers.\n\n").Append(speedups).Append('\n');
            }

            var folder = result.GetValue(output)!;
            folder.Create();
            ResultFiles.WriteText(Path.Combine(folder.FullName, "benchmarks.md"), md.ToString());
            ResultFiles.WriteText(Path.Combine(folder.FullName, "benchmarks.json"),
                JsonSerializer.Serialize(new { machine, device = device.ToString(), convolutionPeak = peakRows, training = trainingRows, epochs = epochRows, threadScaling = scalingRows, retraining = retrainingRows, inference = inferenceRows, kernelPruning = kernelRows, maskSearch = searchRows, batchAssembly = assemblyRows, charts = chartRows, graph = graphRows }, new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine(md);
            return 0;
        });
        return command;
    }
}
