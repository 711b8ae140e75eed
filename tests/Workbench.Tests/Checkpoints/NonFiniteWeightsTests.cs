using Workbench.Checkpoints;
using Workbench.Nn.Models;
using Workbench.Torch;

namespace Workbench.Tests.Checkpoints;

/// <summary>
/// A checkpoint holding NaN, infinity or a value whose square overflows float32 is refused at load, naming
/// the tensor; before, it loaded silently and eval printed "loss NaN, accuracy 10.00 %". The opt-out loads it
/// as it is, for inspecting a diverged run.
/// </summary>
public sealed class NonFiniteWeightsTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>A small ConvNet checkpoint with element <paramref name="index"/> of <paramref name="tensor"/> set to <paramref name="value"/>.</summary>
    private string WithValue(string tensor, int index, float value, bool asExtra = false)
    {
        var path = folder.File($"net-{Guid.NewGuid():N}.safetensors");
        using (var model = ConvNet.Create(1, 28, width: 0.125))
        using (var momentum = Tensor.Zeros(16, 1, 3, 3))
            ModelCheckpoint.Save(path, model, asExtra ? new Dictionary<string, Tensor> { ["optimizer.momentum.features.0.weight"] = momentum } : null);
        using var checkpoint = SafeTensors.Load(path);
        var old = checkpoint.Tensors[tensor];
        var values = old.ToArray<float>();
        values[index] = value;
        checkpoint.Tensors[tensor] = Tensor.From(values, old.Shape);
        old.Dispose();
        SafeTensors.Save(path, checkpoint.Tensors, checkpoint.Metadata);
        return path;
    }

    [Theory]
    [InlineData("features.0.weight", 5, float.NaN, "contains NaN")]
    [InlineData("features.1.running_var", 3, float.PositiveInfinity, "contains an infinite value")]
    [InlineData("classifier.3.bias", 0, float.NegativeInfinity, "contains an infinite value")]
    [InlineData("classifier.1.weight", 100, 3e38f, "contains 3E+38")]
    [InlineData("features.4.weight", 7, -2e19f, "contains 2E+19")]
    public void ANonFiniteOrOverflowingValueIsRefusedNamingTheTensor(string tensor, int index, float value, string problem)
    {
        var path = WithValue(tensor, index, value);
        var e = Assert.Throws<InvalidDataException>(() => ModelCheckpoint.Load(path).Dispose());
        Assert.Contains(path, e.Message);
        Assert.Contains($"tensor '{tensor}'", e.Message);
        Assert.Contains(problem, e.Message);

        using var inspected = ModelCheckpoint.Load(path, allowNonFinite: true);
        var loaded = inspected.Model.StateDict()[tensor].ToArray<float>()[index];
        Assert.Equal(value, loaded);
    }

    [Fact]
    public void ANonFiniteOptimizerBufferIsRefusedToo()
    {
        var path = WithValue("optimizer.momentum.features.0.weight", 2, float.NaN, asExtra: true);
        var e = Assert.Throws<InvalidDataException>(() => ModelCheckpoint.Load(path).Dispose());
        Assert.Contains("tensor 'optimizer.momentum.features.0.weight' contains NaN", e.Message);
    }

    /// <summary>The bound is where a square stops being a float32, not lower: large finite weights still load.</summary>
    [Fact]
    public void LargeButSquarableValuesLoad()
    {
        Assert.True(float.IsFinite(FiniteTensors.MaxMagnitude * FiniteTensors.MaxMagnitude));
        Assert.False(float.IsFinite(FiniteTensors.MaxMagnitude * 1.001f * (FiniteTensors.MaxMagnitude * 1.001f)));
        var path = WithValue("features.0.weight", 1, -1.5e19f);
        using var loaded = ModelCheckpoint.Load(path);
        Assert.Equal(-1.5e19f, loaded.Model.StateDict()["features.0.weight"].ToArray<float>()[1]);
    }
}
