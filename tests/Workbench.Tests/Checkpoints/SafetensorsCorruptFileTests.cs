using System.Buffers.Binary;
using System.Text;
using Workbench.Checkpoints;
using Workbench.Torch;

namespace Workbench.Tests.Checkpoints;

/// <summary>Every malformed file is refused with an InvalidDataException naming the file and the problem: never a crash, never a tensor.</summary>
public sealed class SafetensorsCorruptFileTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>An 8-byte length (the real one unless <paramref name="declared"/> lies), the header, then <paramref name="dataBytes"/> zero bytes.</summary>
    private static byte[] File(string header, int dataBytes, ulong? declared = null) => File(Encoding.UTF8.GetBytes(header), dataBytes, declared);

    private static byte[] File(byte[] header, int dataBytes, ulong? declared = null)
    {
        var bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declared ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        return bytes;
    }

    private static string Entry(string name, string dtype, string shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";

    private static readonly Dictionary<string, byte[]> Cases = new()
    {
        ["empty"] = [],
        ["five-bytes"] = [1, 2, 3, 4, 5],
        ["length-past-end"] = File("{}", 0, declared: 1000),
        ["length-huge"] = File("{}", 0, declared: ulong.MaxValue),
        ["not-json"] = File("{\"w\": {not json", 0),
        ["bad-utf8"] = File([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'], 0),
        ["json-array"] = File("[1, 2]", 0),
        ["unknown-dtype"] = File("{" + Entry("w", "F8_E4M3", "[4]", 0, 4) + "}", 4),
        ["size-mismatch"] = File("{" + Entry("w", "F32", "[2,3]", 0, 20) + "}", 20),
        ["offsets-past-end"] = File("{" + Entry("w", "F32", "[6]", 0, 24) + "}", 16),
        ["offsets-reversed"] = File("{" + Entry("w", "U8", "[0]", 8, 4) + "}", 8),
        ["overlap"] = File("{" + Entry("a", "F32", "[4]", 0, 16) + "," + Entry("b", "F32", "[4]", 8, 24) + "}", 24),
        ["gap"] = File("{" + Entry("a", "F64", "[1]", 0, 8) + "," + Entry("b", "F64", "[1]", 16, 24) + "}", 24),
        ["trailing"] = File("{" + Entry("a", "F64", "[1]", 0, 8) + "}", 12),
        ["negative-dim"] = File("{" + Entry("w", "U8", "[-1]", 0, 0) + "}", 0),
        ["fractional-dim"] = File("{" + Entry("w", "U8", "[1.5]", 0, 1) + "}", 1),
        ["shape-overflow"] = File("{" + Entry("w", "F64", "[4611686018427387904,4]", 0, 8) + "}", 8),
        ["missing-shape"] = File("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4),
        ["three-offsets"] = File("{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1,2]}}", 1),
        ["metadata-number"] = File("{\"__metadata__\":{\"epoch\":3}}", 0),
        ["duplicate-name"] = File("{" + Entry("w", "U8", "[1]", 0, 1) + "," + Entry("w", "U8", "[1]", 1, 2) + "}", 2),
    };

    [Theory]
    [InlineData("empty", "the file is 0 bytes, too short for the 8-byte header length")]
    [InlineData("five-bytes", "the file is 5 bytes, too short")]
    [InlineData("length-past-end", "the header length 1000 runs past the end of the file (10 bytes)")]
    [InlineData("length-huge", "the header length 18446744073709551615 runs past the end of the file")]
    [InlineData("not-json", "the header is not valid JSON")]
    [InlineData("bad-utf8", "the header is not valid JSON")]
    [InlineData("json-array", "the header is a JSON array, not an object")]
    [InlineData("unknown-dtype", "tensor 'w' has unknown dtype 'F8_E4M3'")]
    [InlineData("size-mismatch", "tensor 'w': shape [2, 3] of F32 needs 24 bytes but data_offsets [0, 20] hold 20")]
    [InlineData("offsets-past-end", "tensor 'w': data_offsets [0, 24] run past the end of the data (16 bytes)")]
    [InlineData("offsets-reversed", "data_offsets [8, 4] must be two numbers [begin, end] with begin <= end")]
    [InlineData("overlap", "tensors 'a' [0, 16] and 'b' [8, 24] overlap")]
    [InlineData("gap", "data bytes [8, 16) before tensor 'b' belong to no tensor")]
    [InlineData("trailing", "4 bytes of trailing data after the last tensor")]
    [InlineData("negative-dim", "\"shape\" holds -1, expected non-negative integers")]
    [InlineData("fractional-dim", "\"shape\" holds 1.5, expected non-negative integers")]
    [InlineData("shape-overflow", "is too large to address")]
    [InlineData("missing-shape", "tensor 'w' has no \"shape\"")]
    [InlineData("three-offsets", "data_offsets [0, 1, 2] must be two numbers")]
    [InlineData("metadata-number", "metadata 'epoch' is a JSON number, but metadata values must be strings")]
    [InlineData("duplicate-name", "the header names 'w' twice")]
    public void CorruptFileIsRefusedWithItsNameAndTheProblem(string name, string problem)
    {
        var path = folder.File(name + ".safetensors");
        System.IO.File.WriteAllBytes(path, Cases[name]);

        var load = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path));
        Assert.Contains($"'{path}' is not a valid safetensors file", load.Message);
        Assert.Contains(problem, load.Message);

        // The cheap header read validates just as much.
        var header = Assert.Throws<InvalidDataException>(() => SafeTensors.ReadHeader(path));
        Assert.Equal(load.Message, header.Message);
    }

    [Fact]
    public void EveryTruncationOfAGoodFileIsRefusedCleanly()
    {
        // Cutting a valid file anywhere must give a clear error, never a crash or a partial load.
        var good = folder.File("good.safetensors");
        using var a = Tensor.RandN(3, 5);
        using var b = Tensor.From([1L, 2L, 3L]);
        SafeTensors.Save(good, new Dictionary<string, Tensor> { ["a"] = a, ["b"] = b }, new Dictionary<string, string> { ["k"] = "v" });
        var bytes = System.IO.File.ReadAllBytes(good);
        var cut = folder.File("cut.safetensors");
        for (int length = 0; length < bytes.Length; length++)
        {
            System.IO.File.WriteAllBytes(cut, bytes[..length]);
            var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(cut));
            Assert.Contains($"'{cut}'", e.Message);
        }
    }

    [Fact]
    public void AnEmptyTensorWithHugeOtherSizesIsValid()
    {
        var path = folder.File("wide-empty.safetensors");
        System.IO.File.WriteAllBytes(path, File("{" + Entry("w", "F64", "[4611686018427387904,4611686018427387904,0]", 0, 0) + "}", 0));
        var entry = Assert.Single(SafeTensors.ReadHeader(path).Tensors);
        Assert.Equal(0, entry.ByteCount);
    }

    [Fact]
    public void AMissingFileIsAnIoErrorNotAFormatError()
    {
        Assert.Throws<FileNotFoundException>(() => SafeTensors.Load(folder.File("absent.safetensors")));
    }
}
