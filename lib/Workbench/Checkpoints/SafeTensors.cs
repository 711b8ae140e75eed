using Workbench.Torch;

namespace Workbench.Checkpoints;

/// <summary>
/// Checkpoints in the safetensors format (https://github.com/huggingface/safetensors), the
/// format PyTorch and the Hugging Face tools read without executing code.
/// </summary>
public static class SafeTensors
{
    /// <summary>Writes the tensors and metadata to <paramref name="path"/> atomically: readers see the old file or the new one, never a mix.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        AtomicFile.Write(path, stream => SafeTensorsWriter.Write(stream, tensors, metadata));
    }

    /// <summary>Reads only the header (metadata, names, dtypes, shapes), validated; no tensor is created.</summary>
    public static SafeTensorsHeader ReadHeader(string path) => SafeTensorsHeader.Read(path);

    /// <summary>
    /// Loads every tensor onto <paramref name="device"/> (the CPU by default). A malformed file throws
    /// <see cref="InvalidDataException"/> naming the file and the problem, and creates no tensor.
    /// </summary>
    public static LoadedCheckpoint Load(string path, Device? device = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20);
        var header = SafeTensorsHeader.Read(stream, path);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            // Header.Tensors is in file order, so the reads below only ever move forward.
            foreach (var entry in header.Tensors)
            {
                stream.Position = header.DataStart + entry.Begin;
                var cpu = TensorBytes.ReadFrom(stream, entry.DType, entry.Shape);
                tensors[entry.Name] = OnDevice(cpu, device);
            }
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
        return new LoadedCheckpoint(tensors, new Dictionary<string, string>(header.Metadata, StringComparer.Ordinal));
    }

    private static Tensor OnDevice(Tensor cpu, Device? device)
    {
        if (device is not { IsCuda: true } target) return cpu;
        using (cpu) return cpu.To(target);
    }
}
