using System.Diagnostics;
using Workbench.Torch;

namespace Workbench.Measurement;

/// <summary>Median and spread of repeated timings of one side of a comparison.</summary>
public sealed record Timing(string Name, double[] Seconds)
{
    public double Median => Quantile(0.5);
    public double Low => Quantile(0.25);
    public double High => Quantile(0.75);

    private double Quantile(double q)
    {
        var sorted = Seconds.Order().ToArray();
        var pos = q * (sorted.Length - 1);
        var (lo, hi) = ((int)Math.Floor(pos), (int)Math.Ceiling(pos));
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    /// <summary>
    /// <paramref name="run"/>, followed on a GPU by a wait for everything it queued: CUDA kernels run
    /// asynchronously, so a clock stopped without the wait would time only their launches.
    /// </summary>
    public static Action Synchronized(Device device, Action run) =>
        device.IsCuda ? () => { run(); LibTorch.CudaSynchronize(device.Index); } : run;

    /// <summary>
    /// Times the sides alternately (A B A B ...) after <paramref name="warmUp"/> rounds, so drift in the
    /// machine's speed lands on every side alike.
    /// </summary>
    public static Timing[] Alternate(int warmUp, int repeats, params (string Name, Action Run)[] sides)
    {
        for (int w = 0; w < warmUp; w++) foreach (var (_, run) in sides) run();
        var samples = sides.Select(_ => new List<double>()).ToArray();
        for (int r = 0; r < repeats; r++)
            for (int s = 0; s < sides.Length; s++)
            {
                var clock = Stopwatch.StartNew();
                sides[s].Run();
                samples[s].Add(clock.Elapsed.TotalSeconds);
            }
        return sides.Select((side, s) => new Timing(side.Name, samples[s].ToArray())).ToArray();
    }
}
