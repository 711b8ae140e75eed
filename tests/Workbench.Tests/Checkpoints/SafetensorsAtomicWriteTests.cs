using Workbench.Checkpoints;
using Workbench.Torch;

namespace Workbench.Tests.Checkpoints;

/// <summary>A save that fails part-way leaves the previous checkpoint byte-for-byte intact and no temporary file.</summary>
public sealed class SafetensorsAtomicWriteTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void ADisposedTensorAmongTheInputsKeepsThePreviousFile()
    {
        var path = folder.File("model.safetensors");
        using var good = Tensor.From([1f, 2f, 3f]);
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["w"] = good }, new Dictionary<string, string> { ["epoch"] = "1" });
        var before = File.ReadAllBytes(path);

        // "a" sorts first, so its bytes are written before the writer reaches the disposed "b".
        using var big = Tensor.Zeros(256, 1024);
        var dead = Tensor.Ones(4);
        dead.Dispose();
        var inputs = new Dictionary<string, Tensor> { ["a"] = big, ["b"] = dead };
        Assert.Throws<ObjectDisposedException>(() => SafeTensors.Save(path, inputs));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["model.safetensors"], folder.FileNames());
        using var loaded = SafeTensors.Load(path);
        Assert.Equal([1f, 2f, 3f], loaded.Tensors["w"].ToArray<float>());
        Assert.Equal("1", loaded.Metadata["epoch"]);
    }

    [Fact]
    public void AWriterThatFailsAfterWritingBytesLeavesNoTrace()
    {
        var path = folder.File("state.bin");
        File.WriteAllText(path, "previous");
        var e = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[1 << 20]);
            stream.Flush();
            throw new InvalidOperationException("simulated crash");
        }));
        Assert.Equal("simulated crash", e.Message);
        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Equal(["state.bin"], folder.FileNames());
    }

    [Fact]
    public void AFailureWithNoPreviousFileLeavesNothing()
    {
        var path = folder.File("new.safetensors");
        var dead = Tensor.Ones(2);
        dead.Dispose();
        Assert.Throws<ObjectDisposedException>(() => SafeTensors.Save(path, new Dictionary<string, Tensor> { ["x"] = dead }));
        Assert.Empty(folder.FileNames());
    }

    [Fact]
    public void ASuccessfulSaveReplacesTheFileAndCreatesMissingFolders()
    {
        var path = Path.Combine(folder.Path, "runs", "7", "last.safetensors");
        using var first = Tensor.From([1L, 2L]);
        using var second = Tensor.From([3L, 4L, 5L]);
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["step"] = first });
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["step"] = second });

        using var loaded = SafeTensors.Load(path);
        Assert.Equal([3L, 4L, 5L], loaded.Tensors["step"].ToArray<long>());
        Assert.Equal(["last.safetensors"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void AReservedTensorNameIsRefusedBeforeTouchingTheFile()
    {
        var path = folder.File("m.safetensors");
        File.WriteAllText(path, "previous");
        using var t = Tensor.Ones(1);
        var e = Assert.Throws<ArgumentException>(() => SafeTensors.Save(path, new Dictionary<string, Tensor> { ["__metadata__"] = t }));
        Assert.Contains("reserved", e.Message);
        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Equal(["m.safetensors"], folder.FileNames());
    }
}
