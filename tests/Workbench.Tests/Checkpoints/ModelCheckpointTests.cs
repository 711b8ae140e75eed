using Workbench.Checkpoints;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Tests.Nn;
using Workbench.Torch;

namespace Workbench.Tests.Checkpoints;

/// <summary>A saved network loads back by itself, bit-identical, pruned or not; a bad file says which file and what is wrong.</summary>
public sealed class ModelCheckpointTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static void AssertSameState(Module expected, Module actual)
    {
        var e = expected.StateDict();
        var a = actual.StateDict();
        Assert.Equal(e.Keys.Order(StringComparer.Ordinal), a.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, tensor) in e)
        {
            Assert.Equal(tensor.DType, a[name].DType);
            Assert.Equal(tensor.Shape, a[name].Shape);
            Assert.True(TensorBytes.ToBytes(tensor).SequenceEqual(TensorBytes.ToBytes(a[name])), $"'{name}' differs after the round trip");
        }
    }

    [Theory]
    [InlineData("convnet-bn")]
    [InlineData("convnet-plain-dropout")]
    [InlineData("resnet20-pruned")]
    public void ARoundTripIsBitIdenticalAndPredictsTheSame(string network)
    {
        using var model = ModelFixtures.Create(network);
        ModelFixtures.GiveTrainedState(model, seed: 1);
        var path = folder.File("model.safetensors");
        ModelCheckpoint.Save(path, model);

        // A fresh build has other random weights, so equality means the file's state was loaded.
        using var loaded = ModelCheckpoint.Load(path);
        Assert.IsType(model.GetType(), loaded.Model);
        Assert.Equal(((IConvNetwork)model).Architecture, loaded.Architecture);
        Assert.Equal(((IConvNetwork)model).Architecture, loaded.Network.Architecture);
        Assert.Equal(((IConvNetwork)model).Architecture, ModelCheckpoint.ReadArchitecture(path));
        AssertSameState(model, loaded.Model);
        Assert.Empty(loaded.Extra);

        using var scope = DisposeScope.Enter();
        var x = ModelFixtures.Input(((IConvNetwork)model).InputShape, batch: 3, seed: 2);
        var before = model.Eval().Forward(x).ToArray<float>();
        var after = loaded.Model.Eval().Forward(x).ToArray<float>();
        Assert.Equal(before, after);
    }

    [Fact]
    public void ExtraTensorsAndMetadataRoundTripAndBelongToTheCheckpoint()
    {
        using var model = ConvNet.Create(1, 28, width: 0.125);
        var path = folder.File("run.safetensors");
        using (var scope = DisposeScope.Enter())
        {
            var extras = new Dictionary<string, Tensor>
            {
                ["mask.features.0.weight"] = Tensor.Rand(16, 1, 3, 3) > 0.5,
                ["optimizer.momentum.features.0.weight"] = Tensor.RandN(16, 1, 3, 3),
                ["optimizer.step"] = Tensor.Scalar(1234L),
            };
            ModelCheckpoint.Save(path, model, extras, new Dictionary<string, string> { ["epoch"] = "3", ["note"] = "größe λ \"q\"" });

            using var loaded = ModelCheckpoint.Load(path);
            Assert.Equal(extras.Keys.Order(StringComparer.Ordinal), loaded.Extra.Keys.Order(StringComparer.Ordinal));
            foreach (var (name, tensor) in extras)
            {
                Assert.Equal(tensor.DType, loaded.Extra[name].DType);
                Assert.Equal(tensor.Shape, loaded.Extra[name].Shape);
                Assert.Equal(TensorBytes.ToBytes(tensor), TensorBytes.ToBytes(loaded.Extra[name]));
            }
            Assert.Equal("3", loaded.Metadata["epoch"]);
            Assert.Equal("größe λ \"q\"", loaded.Metadata["note"]);
            Assert.Equal(model.Architecture.ToJson(), loaded.Metadata[ModelCheckpoint.ArchitectureKey]);
            Assert.Equal("1", loaded.Metadata[ModelCheckpoint.FormatKey]);
            AssertSameState(model, loaded.Model);
        }

        // Taking a tensor out of Extra makes it the caller's; the rest dies with the checkpoint.
        var again = ModelCheckpoint.Load(path);
        Assert.True(again.Extra.Remove("optimizer.step", out var kept));
        var mask = again.Extra["mask.features.0.weight"];
        var weight = again.Model.StateDict()["features.0.weight"];
        again.Dispose();
        Assert.True(mask.IsDisposed);
        Assert.True(weight.IsDisposed);
        using (kept) Assert.Equal(1234L, kept.Item<long>());
    }

    [Fact]
    public void LoadedTensorsOutliveTheCallersDisposeScope()
    {
        using var model = ResNetCifar.Create(20);
        var path = folder.File("resnet.safetensors");
        using (var t = Tensor.Ones(3)) ModelCheckpoint.Save(path, model, new Dictionary<string, Tensor> { ["mask"] = t });

        LoadedModel loaded;
        using (DisposeScope.Enter()) loaded = ModelCheckpoint.Load(path);
        using (loaded)
        {
            Assert.All(loaded.Model.StateDict(), p => Assert.False(p.Value.IsDisposed, p.Key));
            Assert.False(loaded.Extra["mask"].IsDisposed);
            Assert.Equal(3f, loaded.Extra["mask"].Sum().Item<float>());
            using var scope = DisposeScope.Enter();
            Assert.Equal([2L, 10], loaded.Model.Forward(Tensor.RandN(2, 3, 32, 32)).Shape);
        }
    }

    [Fact]
    public void LoadPutsTheModelAndTheExtrasOnTheRequestedDevice()
    {
        using var model = ConvNet.Create(1, 28, width: 0.125);
        var path = folder.File("m.safetensors");
        using (var t = Tensor.Ones(2)) ModelCheckpoint.Save(path, model, new Dictionary<string, Tensor> { ["extra"] = t });
        var devices = LibTorch.CudaIsAvailable ? new[] { Device.Cpu, Device.Cuda(0) } : [Device.Cpu];
        foreach (var device in devices)
        {
            using var loaded = ModelCheckpoint.Load(path, device);
            Assert.All(loaded.Model.StateDict(), p => Assert.Equal(device, p.Value.Device));
            Assert.Equal(device, loaded.Extra["extra"].Device);
            AssertSameState(model, loaded.Model);
        }
    }

    [Fact]
    public void SaveRefusesWhatCouldNotBeLoadedBack()
    {
        var path = folder.File("refused.safetensors");
        using var plain = new Sequential(new Linear(4, 2));
        Assert.Contains("Sequential", Assert.Throws<ArgumentException>(() => ModelCheckpoint.Save(path, plain)).Message);

        using var model = ConvNet.Create(1, 28, width: 0.125);
        using var t = Tensor.Zeros(1);
        var collision = Assert.Throws<ArgumentException>(() => ModelCheckpoint.Save(path, model, new Dictionary<string, Tensor> { ["features.0.bias"] = t }));
        Assert.Contains("features.0.bias", collision.Message);
        var reserved = Assert.Throws<ArgumentException>(() =>
            ModelCheckpoint.Save(path, model, extraMetadata: new Dictionary<string, string> { [ModelCheckpoint.ArchitectureKey] = "{}" }));
        Assert.Contains(ModelCheckpoint.ArchitectureKey, reserved.Message);
        Assert.Empty(folder.FileNames());
    }

    [Fact]
    public void APlainSafetensorsFileIsNotAModelCheckpoint()
    {
        var path = folder.File("plain.safetensors");
        using (var t = Tensor.Ones(2)) SafeTensors.Save(path, new Dictionary<string, Tensor> { ["w"] = t });
        foreach (var read in new Action[] { () => ModelCheckpoint.Load(path).Dispose(), () => ModelCheckpoint.ReadArchitecture(path) })
        {
            var e = Assert.Throws<InvalidDataException>(read);
            Assert.Contains(path, e.Message);
            Assert.Contains("not a workbench model checkpoint", e.Message);
        }
    }

    [Theory]
    [InlineData("{not json", "1", "architecture cannot be read")]
    [InlineData("{\"model\":\"mlp\"}", "1", "architecture cannot be read")]
    [InlineData("{\"model\":\"convnet\",\"inputSize\":28,\"inChannels\":1,\"channels\":[4,4]}", "1", "'channels' lists 2 widths")]
    [InlineData("{\"model\":\"resnet\",\"inputSize\":28,\"inChannels\":1,\"stages\":null}", "1", "'stages' is null")]
    [InlineData("{}", "1", "architecture cannot be read")]
    [InlineData("{\"model\":\"resnet\",\"depth\":20}", "2", "'2'")]
    public void AnUnusableArchitectureNamesTheFileAndTheProblem(string json, string format, string problem)
    {
        var path = folder.File("odd.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor>(),
            new Dictionary<string, string> { [ModelCheckpoint.ArchitectureKey] = json, [ModelCheckpoint.FormatKey] = format });
        var e = Assert.Throws<InvalidDataException>(() => ModelCheckpoint.Load(path).Dispose());
        Assert.Contains(path, e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Theory]
    [InlineData("shape", "'features.3.weight' has shape [16, 15, 3, 3] in the file, but the architecture needs [16, 16, 3, 3]")]
    [InlineData("missing", "lacks: 'classifier.3.bias'")]
    [InlineData("dtype", "'features.1.num_batches_tracked' is Float32 in the file, but the model's is Int64")]
    public void AStateTensorThatDoesNotFitNamesTheFileTheKeyAndBothShapes(string damage, string problem)
    {
        var path = folder.File("bad.safetensors");
        using (var model = ConvNet.Create(1, 28, width: 0.125)) ModelCheckpoint.Save(path, model);
        Damage(path, damage);
        var e = Assert.Throws<InvalidDataException>(() => ModelCheckpoint.Load(path).Dispose());
        Assert.Contains(path, e.Message);
        Assert.Contains(problem, e.Message);
    }

    /// <summary>Rewrites a checkpoint with one state tensor reshaped, removed or retyped, keeping its metadata.</summary>
    internal static void Damage(string path, string damage)
    {
        using var checkpoint = SafeTensors.Load(path);
        var tensors = checkpoint.Tensors;
        switch (damage)
        {
            case "shape":
                tensors["features.3.weight"].Dispose();
                tensors["features.3.weight"] = Tensor.Zeros(16, 15, 3, 3);
                break;
            case "missing":
                Assert.True(tensors.Remove("classifier.3.bias", out var removed));
                removed.Dispose();
                break;
            case "dtype":
                var old = tensors["features.1.num_batches_tracked"];
                tensors["features.1.num_batches_tracked"] = old.To(DType.Float32);
                old.Dispose();
                break;
            default:
                throw new ArgumentException($"unknown damage '{damage}'", nameof(damage));
        }
        SafeTensors.Save(path, tensors, checkpoint.Metadata);
    }

    [Fact]
    public void ASaveThatFailsMidwayLeavesThePreviousCheckpointLoadable()
    {
        var path = folder.File("last.safetensors");
        using var model = ConvNet.Create(1, 28, width: 0.125);
        ModelCheckpoint.Save(path, model, extraMetadata: new Dictionary<string, string> { ["epoch"] = "1" });
        var before = File.ReadAllBytes(path);

        // The state tensors are fine; the disposed extra one fails the write after the file was opened.
        using var other = ConvNet.Create(1, 28, width: 0.125);
        var dead = Tensor.Ones(4);
        dead.Dispose();
        Assert.Throws<ObjectDisposedException>(() => ModelCheckpoint.Save(path, other, new Dictionary<string, Tensor> { ["zz.dead"] = dead }));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["last.safetensors"], folder.FileNames());
        using var loaded = ModelCheckpoint.Load(path);
        Assert.Equal("1", loaded.Metadata["epoch"]);
        AssertSameState(model, loaded.Model);
    }
}

/// <summary>Loading frees every native tensor it does not hand over, on success and on failure.</summary>
[Collection(SerialCollection.Name)]
public sealed class ModelCheckpointLeakTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void LoadingAndFailingToLoadLeaveNoNativeTensorBehind()
    {
        var good = folder.File("good.safetensors");
        var bad = folder.File("bad.safetensors");
        using (var model = ModelFixtures.Create("resnet20-pruned"))
        using (var mask = Tensor.Ones(5))
        {
            ModelCheckpoint.Save(good, model, new Dictionary<string, Tensor> { ["mask"] = mask });
        }
        using (var model = ConvNet.Create(1, 28, width: 0.125)) ModelCheckpoint.Save(bad, model);
        ModelCheckpointTests.Damage(bad, "shape");

        // Tensors other tests dropped without disposing are finalized now, not during the count.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = LibTorch.LiveTensorCount;
        using (var loaded = ModelCheckpoint.Load(good)) Assert.Single(loaded.Extra);
        Assert.Equal(baseline, LibTorch.LiveTensorCount);
        Assert.Throws<InvalidDataException>(() => ModelCheckpoint.Load(bad).Dispose());
        Assert.Equal(baseline, LibTorch.LiveTensorCount);
    }
}
