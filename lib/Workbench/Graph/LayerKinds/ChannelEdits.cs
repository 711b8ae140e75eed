using Workbench.Torch;

namespace Workbench.Graph.LayerKinds;

/// <summary>The tensor edits every layer kind makes: zeroing a mask along one dimension, reading it back, cutting a tensor down.</summary>
internal static class ChannelEdits
{
    /// <summary><paramref name="mask"/> (ones of <paramref name="shape"/> when null) with <paramref name="removed"/> zeroed along <paramref name="dim"/>.</summary>
    public static Tensor Zeroed(Tensor? mask, long[] shape, Device device, int dim, long[] removed)
    {
        using var scope = DisposeScope.Enter();
        var size = shape[dim];
        var keep = Enumerable.Repeat(1f, (int)size).ToArray();
        foreach (var r in removed) keep[r] = 0;
        var view = Enumerable.Repeat(1L, shape.Length).ToArray();
        view[dim] = size;
        var vector = Tensor.From(keep).To(device).Reshape(view);
        var current = mask ?? Tensor.Ones(shape, device: device);
        return scope.Keep(current * vector);
    }

    /// <summary>The p-norm of <paramref name="weight"/> ⊙ <paramref name="mask"/> over every dimension but <paramref name="dim"/>.</summary>
    public static double[] Norms(Tensor weight, Tensor? mask, int dim, double p)
    {
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var w = mask is null ? weight.Detach() : weight * mask;
        var others = Enumerable.Range(0, w.Dim).Where(d => d != dim).Select(d => (long)d).ToArray();
        return w.Norm(p, others).To(DType.Float64).To(Device.Cpu).ToArray<double>();
    }

    /// <summary>Whether each index along <paramref name="dim"/> keeps any non-zero mask entry.</summary>
    public static bool[] Live(Tensor mask, int dim)
    {
        using var scope = DisposeScope.Enter();
        var others = Enumerable.Range(0, mask.Dim).Where(d => d != dim).Select(d => (long)d).ToArray();
        var reduced = others.Length == 0 ? mask : mask.Amax(others);
        return (reduced > 0).To(Device.Cpu).ToArray<bool>();
    }

    /// <summary>Gives <paramref name="tensor"/> zeros of <paramref name="shape"/> when its shape differs (null: leave it); returns whether it changed.</summary>
    public static bool Reshaped(Tensor? tensor, long[]? shape)
    {
        if (tensor is null || shape is null || tensor.Shape.SequenceEqual(shape)) return false;
        using var zeros = Tensor.Zeros(shape, tensor.DType, tensor.Device);
        tensor.SetData(zeros);
        return true;
    }

    /// <summary>Replaces <paramref name="tensor"/>'s data by its entries <paramref name="kept"/> along <paramref name="dim"/>, keeping the tensor's identity.</summary>
    public static void Keep(Tensor tensor, long dim, long[] kept)
    {
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var index = Tensor.From(kept).To(tensor.Device);
        tensor.SetData(tensor.Detach().IndexSelect(dim, index));
    }
}
