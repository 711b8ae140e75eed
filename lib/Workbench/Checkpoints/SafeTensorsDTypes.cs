using Workbench.Torch;

namespace Workbench.Checkpoints;

/// <summary>The dtype names a safetensors header uses ("F32", "BF16", ...) and the binding's dtypes they stand for.</summary>
public static class SafeTensorsDTypes
{
    private static readonly (DType DType, string Name)[] Table =
    [
        (DType.Float64, "F64"), (DType.Float32, "F32"), (DType.Float16, "F16"), (DType.BFloat16, "BF16"),
        (DType.Int64, "I64"), (DType.Int32, "I32"), (DType.Int16, "I16"), (DType.Int8, "I8"),
        (DType.UInt8, "U8"), (DType.Bool, "BOOL"),
    ];

    /// <summary>Every dtype name this reader accepts, for error messages.</summary>
    public static IEnumerable<string> Names => Table.Select(e => e.Name);

    public static string NameOf(DType dtype)
    {
        foreach (var (d, name) in Table)
            if (d == dtype) return name;
        throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "no safetensors dtype name for this dtype");
    }

    /// <summary>Names are case-sensitive, as in the reference implementation.</summary>
    public static bool TryParse(string name, out DType dtype)
    {
        foreach (var (d, n) in Table)
            if (string.Equals(n, name, StringComparison.Ordinal)) { dtype = d; return true; }
        dtype = default;
        return false;
    }
}
