using System.Runtime.InteropServices;
using Workbench.Torch;

namespace Workbench.Checkpoints;

/// <summary>
/// Moves a tensor's elements in and out as raw bytes (row-major, host byte order, which the
/// format requires to be little-endian). The public <see cref="Tensor.From{T}"/> and
/// <see cref="Tensor.ToArray{T}"/> need a C# element type, and BF16 has none, so this goes to
/// the shim's untyped copy calls directly (same assembly).
/// </summary>
public static class TensorBytes
{
    // Stream writes take spans, whose length is an int: large tensors go through in slices.
    private const int Slice = 1 << 30;

    /// <summary>Bytes the tensor's elements occupy: numel × element size.</summary>
    public static long ByteCount(Tensor tensor) => checked(tensor.NumEl * tensor.DType.ElementSize());

    /// <summary>The elements as bytes, copied to the CPU and made contiguous first when needed.</summary>
    public static unsafe byte[] ToBytes(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var count = ExpectedBytes(tensor.DType, tensor.Shape);
        if (count > Array.MaxLength) throw new NotSupportedException($"a tensor of {count} bytes does not fit in one array; write it to a stream instead");
        var bytes = new byte[count];
        HostReads.Record();
        fixed (byte* p = bytes)
            TorchException.Check(Native.wb_copy_data(tensor.Handle, p, count), "copy_data");
        return bytes;
    }

    /// <summary>A new CPU tensor holding a copy of <paramref name="bytes"/>, which must be exactly numel × element size long.</summary>
    public static unsafe Tensor FromBytes(ReadOnlySpan<byte> bytes, DType dtype, params long[] shape)
    {
        var expected = ExpectedBytes(dtype, shape);
        // from_blob reads numel × element size bytes: a shorter buffer would be read past its end.
        if (bytes.Length != expected)
            throw new ArgumentException($"{bytes.Length} bytes cannot fill a {dtype} tensor of shape [{string.Join(", ", shape)}] ({expected} bytes)", nameof(bytes));
        byte none = 0; // an empty span pins to null; hand libtorch a real address anyway
        fixed (byte* p = bytes)
            return Tensor.Wrap(Native.wb_from_data(p == null ? &none : p, shape, shape.Length, (int)dtype), "from_data");
    }

    /// <summary>Appends the tensor's bytes to <paramref name="stream"/>; returns how many were written.</summary>
    internal static unsafe long WriteTo(Tensor tensor, Stream stream)
    {
        var count = ExpectedBytes(tensor.DType, tensor.Shape);
        var buffer = (byte*)NativeMemory.Alloc((nuint)Math.Max(count, 1));
        try
        {
            HostReads.Record();
            TorchException.Check(Native.wb_copy_data(tensor.Handle, buffer, count), "copy_data");
            for (long done = 0; done < count; done += Slice)
                stream.Write(new ReadOnlySpan<byte>(buffer + done, (int)Math.Min(Slice, count - done)));
            return count;
        }
        finally
        {
            NativeMemory.Free(buffer);
        }
    }

    /// <summary>Reads exactly the bytes of one tensor from <paramref name="stream"/> into a new CPU tensor.</summary>
    internal static unsafe Tensor ReadFrom(Stream stream, DType dtype, long[] shape)
    {
        var count = ExpectedBytes(dtype, shape);
        var buffer = (byte*)NativeMemory.Alloc((nuint)Math.Max(count, 1));
        try
        {
            for (long done = 0; done < count; done += Slice)
                stream.ReadExactly(new Span<byte>(buffer + done, (int)Math.Min(Slice, count - done)));
            return Tensor.Wrap(Native.wb_from_data(buffer, shape, shape.Length, (int)dtype), "from_data");
        }
        finally
        {
            NativeMemory.Free(buffer);
        }
    }

    private static long ExpectedBytes(DType dtype, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        // The format and this copy are little-endian only; every platform .NET and libtorch share is.
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors byte copies assume a little-endian host");
        if (shape.Any(s => s < 0)) throw new ArgumentException($"negative size in shape [{string.Join(", ", shape)}]", nameof(shape));
        if (shape.Contains(0)) return 0; // empty however large the other sizes, as the header check agrees
        long count = dtype.ElementSize();
        foreach (var s in shape) count = checked(count * s);
        return count;
    }
}
