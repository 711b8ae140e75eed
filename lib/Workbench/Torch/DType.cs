namespace Workbench.Torch;

/// <summary>Element types; the values are libtorch's c10::ScalarType codes.</summary>
public enum DType
{
    UInt8 = 0,
    Int8 = 1,
    Int16 = 2,
    Int32 = 3,
    Int64 = 4,
    Float16 = 5,
    Float32 = 6,
    Float64 = 7,
    Bool = 11,
    BFloat16 = 15,
}

public static class DTypes
{
    public static bool IsFloatingPoint(this DType dtype) =>
        dtype is DType.Float16 or DType.Float32 or DType.Float64 or DType.BFloat16;

    public static int ElementSize(this DType dtype) => dtype switch
    {
        DType.UInt8 or DType.Int8 or DType.Bool => 1,
        DType.Int16 or DType.Float16 or DType.BFloat16 => 2,
        DType.Int32 or DType.Float32 => 4,
        DType.Int64 or DType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown dtype"),
    };

    /// <summary>The dtype that holds C# values of type <typeparamref name="T"/>.</summary>
    public static DType Of<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return DType.Float32;
        if (typeof(T) == typeof(double)) return DType.Float64;
        if (typeof(T) == typeof(long)) return DType.Int64;
        if (typeof(T) == typeof(int)) return DType.Int32;
        if (typeof(T) == typeof(short)) return DType.Int16;
        if (typeof(T) == typeof(byte)) return DType.UInt8;
        if (typeof(T) == typeof(sbyte)) return DType.Int8;
        if (typeof(T) == typeof(bool)) return DType.Bool;
        if (typeof(T) == typeof(Half)) return DType.Float16;
        throw new NotSupportedException($"no tensor dtype holds C# values of type {typeof(T).Name}");
    }
}
