namespace Workbench.Pruning;

/// <summary>
/// The one rounding rule: removing a fraction <c>ratio</c> of <c>n</c> units removes
/// ⌊ratio · n⌋ of them, and never all of them (at least one unit always survives).
/// </summary>
public static class PruneCount
{
    public static int Removed(int units, double ratio)
    {
        CheckRatio(ratio);
        if (units <= 1) return 0;
        return Math.Min(units - 1, (int)Math.Floor(ratio * units + 1e-9));
    }

    /// <summary>Ratios live in [0, 1): 1 would remove everything.</summary>
    public static void CheckRatio(double ratio, string name = "ratio")
    {
        if (!(ratio >= 0 && ratio < 1)) throw new ArgumentOutOfRangeException(name, ratio, $"{name}: a pruning ratio must be in [0, 1), got {ratio}");
    }
}
