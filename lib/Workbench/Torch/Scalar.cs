namespace Workbench.Torch;

/// <summary>
/// A number passed to libtorch. It remembers whether it was integral so that
/// <c>longTensor + 1</c> stays Int64 while <c>longTensor + 0.5</c> promotes, as in PyTorch.
/// </summary>
public readonly record struct Scalar(double Value, bool IsIntegral)
{
    public static implicit operator Scalar(int v) => new(v, true);
    public static implicit operator Scalar(long v) => new(v, true);
    public static implicit operator Scalar(bool v) => new(v ? 1 : 0, true);
    public static implicit operator Scalar(float v) => new(v, false);
    public static implicit operator Scalar(double v) => new(v, false);

    internal int IntFlag => IsIntegral ? 1 : 0;
}
