using System.Text.Json;
using Workbench.Checkpoints;
using Workbench.Nn;
using Workbench.Nn.Models.Zoo;
using Workbench.Tests.Reference;
using Workbench.Torch;

namespace Workbench.Tests.Nn.Zoo;

/// <summary>
/// The zoo networks against torchvision 0.14.1 itself: each network's checkpoint (random weights, trained-looking
/// BatchNorm) is loaded with strict=True into the torchvision model its stored architecture names, so every state-dict
/// key and shape must be torchvision's, and both must give the same eval-mode logits on the same images.
/// One Python run checks all six networks.
/// </summary>
public sealed class TorchvisionAgreementRun : IDisposable
{
    public Dictionary<string, (double[] Ours, long[] Shape, PyArray Theirs)> Logits { get; } = [];

    public TorchvisionAgreementRun()
    {
        using var folder = new TempFolder();
        using var scope = DisposeScope.Enter();
        var paths = new List<string>();
        var inputs = new Dictionary<string, Tensor>();
        var ours = new List<Tensor>();
        var names = ZooNetworks.Names;
        for (var i = 0; i < names.Count; i++)
        {
            LibTorch.ManualSeed((ulong)(50 + i));
            using var model = ZooFixtures.Create(names[i]);
            ZooFixtures.GiveLiveState(model, seed: 60 + i);
            model.Eval();
            var path = folder.File($"{names[i]}.safetensors");
            ModelCheckpoint.Save(path, model);
            paths.Add(path);
            inputs[$"x{i}"] = ModelFixtures.Input(((IConvNetwork)model).InputShape, batch: 2, seed: 70 + i);
            using (Autograd.NoGrad()) ours.Add(model.Forward(inputs[$"x{i}"]));
        }
        var torch = PyTorch.Run(Script.Replace("PATHS_JSON", JsonSerializer.Serialize(paths)), inputs, TimeSpan.FromMinutes(3));
        for (var i = 0; i < names.Count; i++)
            Logits[names[i]] = (ours[i].To(DType.Float64).ToArray<double>(), ours[i].Shape, torch[$"logits{i}"]);
    }

    public void Dispose() { }

    /// <summary>A safetensors reader (the package is not installed) and torchvision's constructors by name.</summary>
    private const string Script = PyTorch.SafetensorsReader + """
        import json, struct
        import torchvision
        import torchvision.models as tvm

        assert torchvision.__version__.startswith("0.14."), torchvision.__version__
        def densenet(a):
            d = a["denseNet"]
            return tvm.DenseNet(growth_rate=d["growthRate"], block_config=tuple(d["blockConfig"]),
                                num_init_features=d["initFeatures"], bn_size=d["bnSize"], num_classes=a["numClasses"])

        BUILD = {
            "vgg11_bn": lambda a: tvm.vgg11_bn(num_classes=a["numClasses"]),
            "vgg16_bn": lambda a: tvm.vgg16_bn(num_classes=a["numClasses"]),
            "resnet18": lambda a: tvm.resnet18(num_classes=a["numClasses"]),
            "resnet34": lambda a: tvm.resnet34(num_classes=a["numClasses"]),
            "mobilenet_v2": lambda a: tvm.mobilenet_v2(num_classes=a["numClasses"]),
            "densenet_small": densenet,
        }

        for i, path in enumerate(PATHS_JSON):
            state, metadata = read_safetensors(path)
            arch = json.loads(metadata["workbench.architecture"])
            assert arch["model"] == "zoo" and arch["inChannels"] == 3, arch
            net = BUILD[arch["network"]](arch)
            net.load_state_dict(state, strict=True)
            net.eval()
            with torch.no_grad():
                outputs["logits%d" % i] = net(inputs["x%d" % i])
        """;
}

public sealed class TorchvisionAgreementTests(TorchvisionAgreementRun run) : IClassFixture<TorchvisionAgreementRun>
{
    // Same float32 kernels in the same libtorch; the slack covers summation orders over up to 34 layers.
    private const double Tolerance = 1e-4;

    [Theory]
    [MemberData(nameof(ZooFixtures.Names), MemberType = typeof(ZooFixtures))]
    public void GivesTorchvisionsLogitsWithTheSameWeights(string name)
    {
        var (ours, shape, theirs) = run.Logits[name];
        Assert.Equal(theirs.Shape, shape);
        Assert.Equal([2L, ZooFixtures.Classes], shape);
        var scale = Math.Max(1, theirs.Values.Max(Math.Abs));
        for (var k = 0; k < ours.Length; k++)
            if (Math.Abs(ours[k] - theirs.Values[k]) > Tolerance * scale)
                Assert.Fail($"{name}: logit {k} is {ours[k]:G9} here but {theirs.Values[k]:G9} in torchvision");
        // Logits that ignore the input (a dead network) would agree without proving anything: the two images must differ.
        var classes = (int)shape[1];
        var apart = Enumerable.Range(0, classes).Max(c => Math.Abs(ours[c] - ours[classes + c]));
        Assert.True(apart > 1e-2 * scale, $"{name}: both images give nearly the same logits (at most {apart:G3} apart)");
    }
}
