using System.Text.Json;
using Workbench.Checkpoints;
using Workbench.Nn;
using Workbench.Tests.Checkpoints;
using Workbench.Tests.Reference;
using Workbench.Torch;

namespace Workbench.Tests.Nn;

/// <summary>
/// The external check that our networks are the standard ones: plain PyTorch rebuilds each network
/// from nothing but a checkpoint's architecture metadata, loads its state with strict=True (so every
/// key and shape must be PyTorch's) and must give the same eval-mode logits. BatchNorm carries
/// trained-looking values, so a misplaced or misconfigured BN, pool, shortcut or flatten shows.
/// </summary>
public sealed class PyTorchModelAgreementTests : IDisposable
{
    // Same float32 kernels in the same libtorch; the slack covers differing summation orders. The
    // fixtures keep logits near 1, where float32 resolves ~1e-7, so this is an absolute 1e-5 in effect;
    // it only scales up for a logit beyond 1, whose rounding error scales with it.
    private const double Tolerance = 1e-5;

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void ConvNetsMatchTheirPlainPyTorchDefinition() => AssertPyTorchAgrees("convnet-bn", "convnet-plain-dropout");

    [Fact]
    public void ResNet20AndAPrunedResNetMatchTheStandardCifarResNet() => AssertPyTorchAgrees("resnet20", "resnet20-pruned");

    /// <summary>
    /// The trainer's own checkpoint, as `train` writes it: the model alone (its momentum lives in the
    /// resume file while a run is unfinished), so PyTorch's strict load accepts it as it is.
    /// </summary>
    [Fact]
    public void ACheckpointWrittenByTheTrainerLoadsStrictlyInPyTorch()
    {
        using var scope = DisposeScope.Enter();
        var path = folder.File("trained.safetensors");
        LibTorch.ManualSeed(31);
        using (var net = Workbench.Nn.Models.ConvNet.Create(1, 28, width: 0.125))
        {
            var images = Tensor.RandN(64, 1, 28, 28);
            var labels = Tensor.RandInt(0, 10, [64]);
            using var data = new Workbench.Data.Dataset(images, labels, [.. Enumerable.Range(0, 10).Select(i => $"c{i}")], "noise");
            new Workbench.Training.Trainer(net, new Workbench.Training.TrainingOptions { Epochs = 2, BatchSize = 16, LearningRate = 0.01, CheckpointPath = path }).Fit(data, cancellation: TestContext.Current.CancellationToken);
        }
        Assert.False(File.Exists(Workbench.Training.Trainer.ResumePath(path)));
        using var loaded = ModelCheckpoint.Load(path);
        loaded.Model.Eval();
        var x = ModelFixtures.Input(loaded.Network.InputShape, batch: 4, seed: 40);
        AssertAgrees([path], new() { ["x0"] = x }, [loaded.Model.Forward(x)], ["trained convnet"]);
    }

    // All networks of a test go to one Python run: starting the interpreter costs more than the check.
    private void AssertPyTorchAgrees(params string[] networks)
    {
        using var scope = DisposeScope.Enter();
        var paths = new List<string>();
        var inputs = new Dictionary<string, Tensor>();
        var ours = new List<Tensor>();
        for (int i = 0; i < networks.Length; i++)
        {
            using var model = ModelFixtures.Create(networks[i]);
            ModelFixtures.GiveTrainedState(model, seed: 10 + i);
            model.Eval();
            var path = folder.File($"{networks[i]}.safetensors");
            ModelCheckpoint.Save(path, model);
            paths.Add(path);
            inputs[$"x{i}"] = ModelFixtures.Input(((IConvNetwork)model).InputShape, batch: 4, seed: 20 + i);
            ours.Add(model.Forward(inputs[$"x{i}"]));
        }
        AssertAgrees(paths, inputs, ours, networks);
    }

    private static void AssertAgrees(List<string> paths, Dictionary<string, Tensor> inputs, List<Tensor> ours, string[] networks)
    {
        var torch = PyTorch.Run(Script.Replace("PATHS_JSON", JsonSerializer.Serialize(paths)), inputs);

        for (int i = 0; i < networks.Length; i++)
        {
            var expected = torch[$"logits{i}"];
            Assert.Equal(expected.Shape, ours[i].Shape);
            var actual = ours[i].To(DType.Float64).ToArray<double>();
            for (int k = 0; k < actual.Length; k++)
                if (Math.Abs(actual[k] - expected.Values[k]) > Tolerance * Math.Max(1, Math.Abs(expected.Values[k])))
                    Assert.Fail($"{networks[i]}: logit {k} is {actual[k]:G9} here but {expected.Values[k]:G9} in PyTorch");
            // Logits that ignore the input (a dead network) would agree without proving anything.
            Assert.True(actual.Max() - actual.Min() > 0.05, $"{networks[i]}: logits barely vary ({actual.Min():G6} to {actual.Max():G6})");
        }
    }

    /// <summary>
    /// A safetensors reader (struct + json + torch.frombuffer; the safetensors package is not installed)
    /// and the two networks as PyTorch code commonly defines them: the ConvNet as nn.Sequential
    /// features/classifier, the CIFAR ResNet as in He et al. with option-A shortcuts.
    /// </summary>
    private const string Script = PyTorch.SafetensorsReader + """
        import json, struct
        import torch.nn as nn
        import torch.nn.functional as F

        class ConvNet(nn.Module):
            def __init__(self, a):
                super().__init__()
                layers, c_in = [], a["inChannels"]
                for i, c in enumerate(a["channels"]):
                    layers.append(nn.Conv2d(c_in, c, 3, padding=1))
                    if a["batchNorm"]:
                        layers.append(nn.BatchNorm2d(c))
                    layers.append(nn.ReLU())
                    if i in (1, 3):
                        layers.append(nn.MaxPool2d(2))
                    c_in = c
                side = a["inputSize"] // 4
                drop = lambda: [nn.Dropout(a["dropout"])] if a["dropout"] > 0 else []
                self.features = nn.Sequential(*layers)
                self.classifier = nn.Sequential(
                    nn.Flatten(), *drop(), nn.Linear(c_in * side * side, a["hidden"]), nn.ReLU(),
                    *drop(), nn.Linear(a["hidden"], a["numClasses"]))

            def forward(self, x):
                return self.classifier(self.features(x))

        class LambdaLayer(nn.Module):
            def __init__(self, f):
                super().__init__()
                self.f = f

            def forward(self, x):
                return self.f(x)

        class BasicBlock(nn.Module):
            def __init__(self, in_planes, planes, stride, mid):
                super().__init__()
                self.conv1 = nn.Conv2d(in_planes, mid, 3, stride=stride, padding=1, bias=False)
                self.bn1 = nn.BatchNorm2d(mid)
                self.conv2 = nn.Conv2d(mid, planes, 3, stride=1, padding=1, bias=False)
                self.bn2 = nn.BatchNorm2d(planes)
                self.shortcut = nn.Sequential()
                if stride != 1 or in_planes != planes:
                    p = (planes - in_planes) // 2
                    self.shortcut = LambdaLayer(lambda x: F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, p, p), "constant", 0))

            def forward(self, x):
                out = F.relu(self.bn1(self.conv1(x)))
                out = self.bn2(self.conv2(out))
                return F.relu(out + self.shortcut(x))

        class ResNet(nn.Module):
            def __init__(self, a):
                super().__init__()
                self.conv1 = nn.Conv2d(a["inChannels"], 16, 3, stride=1, padding=1, bias=False)
                self.bn1 = nn.BatchNorm2d(16)
                in_planes = 16
                for s, (planes, mids) in enumerate(zip((16, 32, 64), a["stages"])):
                    blocks = []
                    for b, mid in enumerate(mids):
                        blocks.append(BasicBlock(in_planes, planes, 2 if s > 0 and b == 0 else 1, mid))
                        in_planes = planes
                    setattr(self, "layer%d" % (s + 1), nn.Sequential(*blocks))
                self.linear = nn.Linear(64, a["numClasses"])

            def forward(self, x):
                out = F.relu(self.bn1(self.conv1(x)))
                out = self.layer3(self.layer2(self.layer1(out)))
                out = F.avg_pool2d(out, out.size()[3])
                return self.linear(out.view(out.size(0), -1))

        for i, path in enumerate(PATHS_JSON):
            state, metadata = read_safetensors(path)
            assert metadata["workbench.format"] == "1", metadata
            arch = json.loads(metadata["workbench.architecture"])
            net = {"convnet": ConvNet, "resnet": ResNet}[arch["model"]](arch)
            net.load_state_dict(state, strict=True)
            net.eval()
            with torch.no_grad():
                outputs["logits%d" % i] = net(inputs["x%d" % i])
        """;
}
