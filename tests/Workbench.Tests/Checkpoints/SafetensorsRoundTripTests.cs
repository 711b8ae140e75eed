using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Workbench.Checkpoints;
using Workbench.Torch;

namespace Workbench.Tests.Checkpoints;

/// <summary>What is saved loads back bit-identical, in every dtype, with its metadata, in the layout the spec prescribes.</summary>
public sealed class SafetensorsRoundTripTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static readonly DType[] AllDTypes = Enum.GetValues<DType>();

    // Names and metadata mix ASCII with punctuation JSON must escape and non-ASCII it must keep.
    private static readonly Gen<string> Text =
        Gen.Elements("abcxyz019._-/ \"\\\té λ重み😀".EnumerateRunes().Select(r => r.ToString()).ToArray())
            .ArrayOf().Select(parts => string.Concat(parts));

    public sealed record TensorSpec(DType DType, long[] Shape, byte[] Bytes)
    {
        public override string ToString() => $"{DType}[{string.Join(",", Shape)}] {Convert.ToHexString(Bytes)}";
    }

    private static readonly Gen<TensorSpec> Spec =
        from dtype in Gen.Elements(AllDTypes)
        from shape in Gen.Choose(0, 4).ArrayOf().Resize(4).Select(dims => dims.Select(d => (long)d).ToArray())
        let count = (int)shape.Aggregate(1L, (a, b) => a * b) * dtype.ElementSize()
        // Any bit pattern is a valid float (NaN payloads included); bool elements must be 0 or 1.
        from bytes in (dtype == DType.Bool ? Gen.Choose(0, 1) : Gen.Choose(0, 255)).Select(b => (byte)b).ArrayOf(count)
        select new TensorSpec(dtype, shape, bytes);

    private static readonly Gen<(Dictionary<string, TensorSpec> Tensors, Dictionary<string, string> Metadata)> Checkpoint =
        from tensors in Gen.Zip(Text, Spec).ListOf().Resize(6)
        from metadata in Gen.Zip(Text, Text).ListOf().Resize(4)
        select (Distinct(tensors.Where(t => t.Item1 != "__metadata__")), Distinct(metadata));

    private static Dictionary<string, T> Distinct<T>(IEnumerable<(string, T)> pairs)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs) result.TryAdd(key, value);
        return result;
    }

    [Fact]
    public void EveryDTypeShapeAndNameRoundTripsBitIdentical()
    {
        var path = folder.File("property.safetensors");
        Prop.ForAll(Checkpoint.ToArbitrary(), checkpoint =>
        {
            using var scope = DisposeScope.Enter();
            var tensors = checkpoint.Tensors.ToDictionary(p => p.Key, p => TensorBytes.FromBytes(p.Value.Bytes, p.Value.DType, p.Value.Shape));
            SafeTensors.Save(path, tensors, checkpoint.Metadata);

            using var loaded = SafeTensors.Load(path);
            Assert.Equal(checkpoint.Tensors.Keys.Order(), loaded.Tensors.Keys.Order());
            foreach (var (name, spec) in checkpoint.Tensors)
            {
                var t = loaded.Tensors[name];
                Assert.Equal(spec.DType, t.DType);
                Assert.Equal(spec.Shape, t.Shape);
                Assert.Equal(spec.Bytes, TensorBytes.ToBytes(t));
            }
            Assert.Equal(checkpoint.Metadata.OrderBy(p => p.Key), loaded.Metadata.OrderBy(p => p.Key));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TypedValuesSurviveAndLieLittleEndianAtTheirOffsets()
    {
        // Built through the binding's typed API and checked against the raw file bytes, so this
        // does not rely on TensorBytes agreeing with itself.
        var arrays = new Dictionary<string, Array>
        {
            ["f64"] = new[] { double.NaN, double.NegativeInfinity, -0.0, double.Epsilon, Math.PI, double.MaxValue },
            ["f32"] = new[] { float.NaN, float.PositiveInfinity, -0f, float.Epsilon, 1e-40f, float.MinValue },
            ["f16"] = new[] { Half.NaN, Half.NegativeInfinity, (Half)(-0f), Half.Epsilon, (Half)0.333f, Half.MaxValue },
            ["i64"] = new[] { long.MinValue, long.MaxValue, -1L, 0L, 1L, 1L << 53 | 1 },
            ["i32"] = new[] { int.MinValue, int.MaxValue, -1, 0, 1, 123456789 },
            ["i16"] = new short[] { short.MinValue, short.MaxValue, -1, 0, 1, 12345 },
            ["i8"] = new sbyte[] { sbyte.MinValue, sbyte.MaxValue, -1, 0, 1, 42 },
            ["u8"] = new byte[] { 0, 1, 127, 128, 254, 255 },
            ["bool"] = new[] { true, false, false, true, true, false },
        };
        using var scope = DisposeScope.Enter();
        var tensors = arrays.ToDictionary(p => p.Key, p => Typed(p.Value));
        // BF16 has no C# type: its values are chosen exactly representable, so float → bf16 is exact.
        var bf16Values = new[] { 1.5f, -2.25f, 256f, -0.0078125f, 0f, 3.3895314e38f };
        tensors["bf16"] = Tensor.From(bf16Values, 2, 3).To(DType.BFloat16);
        var path = folder.File("typed.safetensors");
        SafeTensors.Save(path, tensors);

        var file = File.ReadAllBytes(path);
        var header = SafeTensors.ReadHeader(path);
        using var loaded = SafeTensors.Load(path);
        foreach (var entry in header.Tensors)
        {
            var stored = file.AsSpan((int)(header.DataStart + entry.Begin), (int)entry.ByteCount).ToArray();
            if (entry.Name == "bf16")
            {
                // bf16 is the upper half of the float32 bit pattern.
                var expected = bf16Values.SelectMany(v => BitConverter.GetBytes((ushort)(BitConverter.SingleToUInt32Bits(v) >> 16))).ToArray();
                Assert.Equal(expected, stored);
                Assert.Equal(bf16Values, loaded.Tensors["bf16"].To(DType.Float32).ToArray<float>());
                continue;
            }
            var array = arrays[entry.Name];
            Assert.Equal(RawBytes(array), stored);
            Assert.Equal(RawBytes(array), RawBytes(ToArray(loaded.Tensors[entry.Name], array.GetType().GetElementType()!)));
            Assert.Equal([2L, 3], loaded.Tensors[entry.Name].Shape);
        }
    }

    private static Tensor Typed(Array a) => a switch
    {
        double[] v => Tensor.From(v, 2, 3),
        float[] v => Tensor.From(v, 2, 3),
        Half[] v => Tensor.From(v, 2, 3),
        long[] v => Tensor.From(v, 2, 3),
        int[] v => Tensor.From(v, 2, 3),
        short[] v => Tensor.From(v, 2, 3),
        // The CLR lets a byte[] pass as sbyte[] (and back), so these two arms check the exact type.
        sbyte[] v when a.GetType() == typeof(sbyte[]) => Tensor.From(v, 2, 3),
        byte[] v when a.GetType() == typeof(byte[]) => Tensor.From(v, 2, 3),
        bool[] v => Tensor.From(v, 2, 3),
        _ => throw new ArgumentException(a.GetType().Name),
    };

    private static Array ToArray(Tensor t, Type element) => element switch
    {
        _ when element == typeof(double) => t.ToArray<double>(),
        _ when element == typeof(float) => t.ToArray<float>(),
        _ when element == typeof(Half) => t.ToArray<Half>(),
        _ when element == typeof(long) => t.ToArray<long>(),
        _ when element == typeof(int) => t.ToArray<int>(),
        _ when element == typeof(short) => t.ToArray<short>(),
        _ when element == typeof(sbyte) => t.ToArray<sbyte>(),
        _ when element == typeof(byte) => t.ToArray<byte>(),
        _ when element == typeof(bool) => t.ToArray<bool>(),
        _ => throw new ArgumentException(element.Name),
    };

    // The host is little-endian (as the format), so the in-memory bytes are the file bytes.
    private static byte[] RawBytes(Array a) => a switch
    {
        double[] v => Bytes(v),
        float[] v => Bytes(v),
        Half[] v => Bytes(v),
        long[] v => Bytes(v),
        int[] v => Bytes(v),
        short[] v => Bytes(v),
        sbyte[] v when a.GetType() == typeof(sbyte[]) => Bytes(v),
        byte[] v when a.GetType() == typeof(byte[]) => Bytes(v),
        bool[] v => Bytes(v),
        _ => throw new ArgumentException(a.GetType().Name),
    };

    private static byte[] Bytes<T>(T[] values) where T : unmanaged => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    [Fact]
    public void FileLayoutFollowsTheSpec()
    {
        using var scope = DisposeScope.Enter();
        var tensors = new Dictionary<string, Tensor>
        {
            ["z.bias"] = Tensor.From([0.5f, -1f]),
            ["a.weight"] = Tensor.From([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 3, 2),
            ["m.scalar"] = Tensor.Scalar(7L),
            ["e.empty"] = Tensor.Zeros([0, 4], DType.Int16),
        };
        var path = folder.File("layout.safetensors");
        SafeTensors.Save(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        var file = File.ReadAllBytes(path);

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        Assert.Equal(0UL, (8 + headerLength) % 8);
        var headerText = System.Text.Encoding.UTF8.GetString(file, 8, (int)headerLength);
        Assert.StartsWith("{", headerText);
        Assert.EndsWith("}", headerText.TrimEnd(' ')); // padding is spaces only
        using var json = JsonDocument.Parse(headerText);
        var root = json.RootElement;
        Assert.Equal("pt", root.GetProperty("__metadata__").GetProperty("format").GetString());

        // Sorted by name, packed back to back from offset 0, covering the data exactly.
        long expectedBegin = 0;
        foreach (var name in tensors.Keys.Order(StringComparer.Ordinal))
        {
            var entry = root.GetProperty(name);
            var offsets = entry.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            Assert.Equal(expectedBegin, offsets[0]);
            Assert.Equal(tensors[name].Shape, entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
            Assert.Equal(SafeTensorsDTypes.NameOf(tensors[name].DType), entry.GetProperty("dtype").GetString());
            expectedBegin = offsets[1];
        }
        Assert.Equal(file.Length - 8 - (long)headerLength, expectedBegin);
        Assert.Equal("F64", root.GetProperty("a.weight").GetProperty("dtype").GetString());
        var weightBytes = file.AsSpan(8 + (int)headerLength, 48);
        Assert.Equal(1.0, BinaryPrimitives.ReadDoubleLittleEndian(weightBytes));
        Assert.Equal(6.0, BinaryPrimitives.ReadDoubleLittleEndian(weightBytes[40..]));

        // The same state always gives the same bytes.
        SafeTensors.Save(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        Assert.Equal(file, File.ReadAllBytes(path));
    }

    [Fact]
    public void MetadataRoundTripsAndReadHeaderSkipsTheData()
    {
        var metadata = new Dictionary<string, string>
        {
            ["epoch"] = "12",
            ["empty"] = "",
            ["quoted \"key\""] = "line one\nline two\ttab \\ backslash",
            ["unicode"] = "λ 重み 😀",
            ["config"] = "{\"lr\": 0.1, \"sparsity\": [0.5, 0.9]}",
        };
        using var w = Tensor.RandN(4, 4);
        using var mask = w > 0;
        var path = folder.File("meta.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["layer.weight"] = w, ["layer.mask"] = mask }, metadata);

        var header = SafeTensors.ReadHeader(path);
        Assert.Equal(metadata.OrderBy(p => p.Key), header.Metadata.OrderBy(p => p.Key));
        Assert.Equal(["layer.mask", "layer.weight"], header.Tensors.Select(t => t.Name));
        Assert.Equal(DType.Bool, header.Tensors[0].DType);
        Assert.Equal([4L, 4], header.Tensors[1].Shape);

        var (tensors, loadedMetadata) = SafeTensors.Load(path);
        try
        {
            Assert.Equal(metadata.OrderBy(p => p.Key), loadedMetadata.OrderBy(p => p.Key));
            Assert.Equal(w.ToArray<float>(), tensors["layer.weight"].ToArray<float>());
            Assert.Equal(mask.ToArray<bool>(), tensors["layer.mask"].ToArray<bool>());
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }

        // No metadata means no "__metadata__" entry, and an empty dictionary back.
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["w"] = w });
        Assert.DoesNotContain("__metadata__", File.ReadAllText(path));
        Assert.Empty(SafeTensors.ReadHeader(path).Metadata);
    }

    [Fact]
    public void ViewsAndTensorsWithGradAreSavedByValue()
    {
        using var scope = DisposeScope.Enter();
        var matrix = Tensor.From([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        var transposed = matrix.T;
        var column = matrix[.., 1];
        var trained = Tensor.Ones([3], requiresGrad: true);
        Assert.False(transposed.IsContiguous);
        var path = folder.File("views.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["t"] = transposed, ["c"] = column, ["g"] = trained });

        using var loaded = SafeTensors.Load(path);
        Assert.Equal([3L, 2], loaded.Tensors["t"].Shape);
        Assert.Equal([1f, 4f, 2f, 5f, 3f, 6f], loaded.Tensors["t"].ToArray<float>());
        Assert.Equal([2f, 5f], loaded.Tensors["c"].ToArray<float>());
        Assert.Equal([1f, 1f, 1f], loaded.Tensors["g"].ToArray<float>());
        Assert.False(loaded.Tensors["g"].RequiresGrad);
    }

    [Fact]
    public void DisposingTheCheckpointDisposesItsTensors()
    {
        var path = folder.File("owned.safetensors");
        using (var t = Tensor.Ones(2)) SafeTensors.Save(path, new Dictionary<string, Tensor> { ["a"] = t, ["b"] = t });
        var loaded = SafeTensors.Load(path, Device.Cpu);
        var a = loaded.Tensors["a"];
        Assert.True(loaded.Tensors.Remove("b", out var kept));
        loaded.Dispose();
        Assert.True(a.IsDisposed);
        Assert.False(kept!.IsDisposed);
        kept.Dispose();
    }

    [Fact]
    public void CudaTensorsAreWrittenFromTheCpuAndLoadOntoTheGpu()
    {
        if (!LibTorch.CudaIsAvailable) return; // exercised on GPU machines only
        using var scope = DisposeScope.Enter();
        var gpu = Tensor.RandN([3, 4], device: Device.Cuda(0));
        var path = folder.File("cuda.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["w"] = gpu });
        using var loaded = SafeTensors.Load(path, Device.Cuda(0));
        Assert.True(loaded.Tensors["w"].Device.IsCuda);
        Assert.Equal(gpu.To(Device.Cpu).ToArray<float>(), loaded.Tensors["w"].To(Device.Cpu).ToArray<float>());
    }
}
