using Workbench.Tests.Reference;
using System.Text.Json;
using Workbench.Checkpoints;
using Workbench.Torch;

namespace Workbench.Tests.Checkpoints;

/// <summary>
/// Runs the Python reader/writer once for the class: it reads a file C# wrote and writes one of
/// its own. Importing torch costs a second or two, so both directions share the one run.
/// </summary>
public sealed class PythonInteropRun : IDisposable
{
    public TempFolder Folder { get; } = new();
    public Dictionary<string, Tensor> Written { get; }
    public Dictionary<string, string> WrittenMetadata { get; } = new()
    {
        ["format"] = "pt",
        ["note"] = "pruned to 90% — λ \"quoted\"\nsecond line",
    };
    public string PythonFile { get; }
    public JsonElement Output { get; }

    public PythonInteropRun()
    {
        Written = new Dictionary<string, Tensor>
        {
            ["f64"] = Tensor.From([Math.PI, -0.0, double.NaN, double.PositiveInfinity, double.Epsilon, -1e300], 2, 3),
            ["f32"] = Tensor.From([1.5f, -0f, float.NegativeInfinity, 1e-40f, float.MaxValue, 0.1f], 3, 2),
            ["f16"] = Tensor.From([(Half)0.333f, Half.Epsilon, Half.MaxValue, (Half)(-2f)], 2, 2),
            ["bf16"] = Tensor.From([1.5f, -2.25f, 256f, 3.3895314e38f], 4).To(DType.BFloat16),
            ["i64"] = Tensor.From([long.MinValue, long.MaxValue, (1L << 53) + 1]),
            ["i32"] = Tensor.From([int.MinValue, int.MaxValue, -1, 0], 1, 4),
            ["i16"] = Tensor.From(new short[] { short.MinValue, short.MaxValue }),
            ["i8"] = Tensor.From(new sbyte[] { -128, 127, 0 }),
            ["u8"] = Tensor.From(new byte[] { 0, 128, 255 }),
            ["bool"] = Tensor.From([true, false, true]),
            ["scalar"] = Tensor.Scalar(2.5),
            ["empty"] = Tensor.Zeros([2, 0, 3], DType.Int8),
            ["layer.0.weight"] = Tensor.RandN(4, 3, 2, 2),
            ["schicht.größe.重み"] = Tensor.Ones(2),
        };
        var ours = Folder.File("from-csharp.safetensors");
        SafeTensors.Save(ours, Written, WrittenMetadata);
        PythonFile = Folder.File("from-python.safetensors");
        using var json = JsonDocument.Parse(SystemPython.Run(PythonSafetensorsScript.Source, ours, PythonFile));
        Output = json.RootElement.Clone();
    }

    public void Dispose()
    {
        foreach (var t in Written.Values) t.Dispose();
        Folder.Dispose();
    }
}

public sealed class SafetensorsPythonInteropTests(PythonInteropRun run) : IClassFixture<PythonInteropRun>
{
    [Fact]
    public void PyTorchReadsTheValuesWeWrote()
    {
        var read = run.Output.GetProperty("read");
        Assert.Equal(run.WrittenMetadata.OrderBy(p => p.Key), Strings(read.GetProperty("metadata")).OrderBy(p => p.Key));
        var tensors = read.GetProperty("tensors");
        Assert.Equal(run.Written.Keys.Order(), tensors.EnumerateObject().Select(p => p.Name).Order());
        foreach (var (name, tensor) in run.Written) AssertMatches(name, tensor, tensors.GetProperty(name));
    }

    [Fact]
    public void WeLoadTheValuesPyTorchWrote()
    {
        var wrote = run.Output.GetProperty("wrote");
        using var loaded = SafeTensors.Load(run.PythonFile);
        Assert.Equal(Strings(wrote.GetProperty("metadata")).OrderBy(p => p.Key), loaded.Metadata.OrderBy(p => p.Key));
        Assert.Equal("python", loaded.Metadata["writer"]);
        var tensors = wrote.GetProperty("tensors");
        Assert.Equal(tensors.EnumerateObject().Select(p => p.Name).Order(), loaded.Tensors.Keys.Order());
        foreach (var (name, tensor) in loaded.Tensors) AssertMatches(name, tensor, tensors.GetProperty(name));

        // Spot checks that do not go through the description at all.
        Assert.Equal([0.0, 1, 2, 3, 4, 5], loaded.Tensors["py.BF16"].To(DType.Float64).ToArray<double>());
        Assert.Equal([true, false, true, false, true, false], loaded.Tensors["py.BOOL"].ToArray<bool>());
        Assert.Equal([0.0, 3, 1, 4, 2, 5], loaded.Tensors["py.transposed"].ToArray<double>());
        Assert.Equal([long.MinValue, long.MaxValue, (1L << 53) + 1], loaded.Tensors["py.i64"].ToArray<long>());
        Assert.Equal([0L, 3], loaded.Tensors["py.empty"].Shape);
        Assert.Empty(loaded.Tensors["py.scalar"].Shape);
    }

    private static Dictionary<string, string> Strings(JsonElement o) => o.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    /// <summary>Compares a tensor with Python's description of it, exactly: dtype name, shape, every value.</summary>
    private static void AssertMatches(string name, Tensor tensor, JsonElement description)
    {
        Assert.True(SafeTensorsDTypes.NameOf(tensor.DType) == description.GetProperty("dtype").GetString(), $"{name}: dtype");
        Assert.True(tensor.Shape.SequenceEqual(description.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64())), $"{name}: shape");
        var values = description.GetProperty("values").EnumerateArray().ToArray();
        using var flat = tensor.Flatten();
        string[] ours, theirs;
        if (tensor.DType == DType.Bool)
        {
            ours = flat.ToArray<bool>().Select(v => v.ToString()).ToArray();
            theirs = values.Select(v => v.GetBoolean().ToString()).ToArray();
        }
        else if (tensor.DType.IsFloatingPoint())
        {
            // Every float dtype widens to double exactly; compare bit patterns so -0.0 counts.
            using var wide = flat.To(DType.Float64);
            ours = wide.ToArray<double>().Select(Float).ToArray();
            theirs = values.Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : Float(v.GetDouble())).ToArray();
        }
        else
        {
            using var wide = flat.To(DType.Int64);
            ours = wide.ToArray<long>().Select(v => v.ToString()).ToArray();
            theirs = values.Select(v => v.GetInt64().ToString()).ToArray();
        }
        Assert.True(ours.SequenceEqual(theirs), $"{name}: C# [{string.Join(", ", ours)}] vs Python [{string.Join(", ", theirs)}]");
    }

    // Python spells non-finite floats as repr() gives them: nan, inf, -inf.
    private static string Float(double v) => double.IsNaN(v) ? "nan" : double.IsPositiveInfinity(v) ? "inf" : double.IsNegativeInfinity(v) ? "-inf"
        : BitConverter.DoubleToInt64Bits(v).ToString("X16");
}
