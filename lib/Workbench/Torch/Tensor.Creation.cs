namespace Workbench.Torch;

public sealed partial class Tensor
{
    private static Device Resolve(Device? device) => device ?? Device.Cpu;

    private static long[] CheckShape(long[] shape, string what)
    {
        ArgumentNullException.ThrowIfNull(shape);
        foreach (var s in shape)
            if (s < 0) throw new ArgumentException($"{what}: negative size in shape [{string.Join(", ", shape)}]", nameof(shape));
        return shape;
    }

    public static Tensor Empty(long[] shape, DType dtype = DType.Float32, Device? device = null, bool requiresGrad = false)
    {
        var d = Resolve(device);
        return Wrap(Native.wb_empty(CheckShape(shape, "empty"), shape.Length, (int)dtype, (int)d.Type, d.Index), "empty").WithGrad(requiresGrad);
    }

    public static Tensor Full(long[] shape, Scalar value, DType dtype = DType.Float32, Device? device = null, bool requiresGrad = false)
    {
        var d = Resolve(device);
        return Wrap(Native.wb_full(CheckShape(shape, "full"), shape.Length, value.Value, value.IntFlag, (int)dtype, (int)d.Type, d.Index), "full").WithGrad(requiresGrad);
    }

    public static Tensor Zeros(long[] shape, DType dtype = DType.Float32, Device? device = null, bool requiresGrad = false) =>
        Full(shape, 0, dtype, device, requiresGrad);

    public static Tensor Zeros(params long[] shape) => Zeros(shape, DType.Float32);

    public static Tensor Ones(long[] shape, DType dtype = DType.Float32, Device? device = null, bool requiresGrad = false) =>
        Full(shape, 1, dtype, device, requiresGrad);

    public static Tensor Ones(params long[] shape) => Ones(shape, DType.Float32);

    /// <summary>Uniform on [0, 1).</summary>
    public static Tensor Rand(long[] shape, DType dtype = DType.Float32, Device? device = null, bool requiresGrad = false)
    {
        var d = Resolve(device);
        return Wrap(Native.wb_rand(CheckShape(shape, "rand"), shape.Length, (int)dtype, (int)d.Type, d.Index), "rand").WithGrad(requiresGrad);
    }

    public static Tensor Rand(params long[] shape) => Rand(shape, DType.Float32);

    /// <summary>Standard normal.</summary>
    public static Tensor RandN(long[] shape, DType dtype = DType.Float32, Device? device = null, bool requiresGrad = false)
    {
        var d = Resolve(device);
        return Wrap(Native.wb_randn(CheckShape(shape, "randn"), shape.Length, (int)dtype, (int)d.Type, d.Index), "randn").WithGrad(requiresGrad);
    }

    public static Tensor RandN(params long[] shape) => RandN(shape, DType.Float32);

    /// <summary>Integers uniform on [low, high).</summary>
    public static Tensor RandInt(long low, long high, long[] shape, DType dtype = DType.Int64, Device? device = null)
    {
        var d = Resolve(device);
        return Wrap(Native.wb_randint(low, high, CheckShape(shape, "randint"), shape.Length, (int)dtype, (int)d.Type, d.Index), "randint");
    }

    /// <summary>A random permutation of 0..n-1.</summary>
    public static Tensor RandPerm(long n, DType dtype = DType.Int64, Device? device = null)
    {
        var d = Resolve(device);
        return Wrap(Native.wb_randperm(n, (int)dtype, (int)d.Type, d.Index), "randperm");
    }

    public static Tensor Arange(double start, double end, double step = 1, DType dtype = DType.Int64, Device? device = null)
    {
        var d = Resolve(device);
        return Wrap(Native.wb_arange(start, end, step, (int)dtype, (int)d.Type, d.Index), "arange");
    }

    public static Tensor Arange(long end, DType dtype = DType.Int64, Device? device = null) => Arange(0, end, 1, dtype, device);

    /// <summary>Copies a C# array into a new CPU tensor of the given shape (1-D when no shape is given).</summary>
    public static Tensor From<T>(T[] data, params long[] shape) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromExactShape(data, shape.Length == 0 ? [data.Length] : shape);
    }

    /// <summary>A scalar (0-dimensional) tensor.</summary>
    public static Tensor Scalar<T>(T value) where T : unmanaged => FromExactShape([value], []);

    private static unsafe Tensor FromExactShape<T>(T[] data, long[] shape) where T : unmanaged
    {
        CheckShape(shape, "from");
        long count = 1;
        foreach (var s in shape) count *= s;
        if (count != data.Length)
            throw new ArgumentException($"an array of {data.Length} elements cannot fill shape [{string.Join(", ", shape)}] ({count} elements)", nameof(shape));
        fixed (T* p = data)
            return Wrap(Native.wb_from_data(p, shape, shape.Length, (int)DTypes.Of<T>()), "from_data");
    }

    /// <summary>Copies the elements (row-major) into a new array; <typeparamref name="T"/> must match the dtype.</summary>
    public unsafe T[] ToArray<T>() where T : unmanaged
    {
        var expected = DTypes.Of<T>();
        var actual = DType;
        if (expected != actual)
            throw new InvalidOperationException($"ToArray<{typeof(T).Name}> needs a {expected} tensor but this one is {actual}; convert it with .To(DType.{expected}) first");
        var result = new T[NumEl];
        HostReads.Record();
        fixed (T* p = result)
            TorchException.Check(Native.wb_copy_data(Handle, p, (long)result.Length * sizeof(T)), "copy_data");
        return result;
    }

    /// <summary>The value of a one-element tensor.</summary>
    public T Item<T>() where T : unmanaged
    {
        HostReads.Record();
        if (typeof(T) == typeof(long) || typeof(T) == typeof(int) || typeof(T) == typeof(bool) || typeof(T) == typeof(byte))
        {
            TorchException.Check(Native.wb_item_long(Handle, out var l), "item");
            object boxed = typeof(T) == typeof(bool) ? l != 0 : l;
            return (T)Convert.ChangeType(boxed, typeof(T));
        }
        TorchException.Check(Native.wb_item(Handle, out var d), "item");
        return (T)Convert.ChangeType(d, typeof(T));
    }

    private Tensor WithGrad(bool requiresGrad)
    {
        if (requiresGrad) RequiresGrad = true;
        return this;
    }
}
