using Workbench.Nn;
using Workbench.Torch;

namespace Workbench.Measurement;

/// <summary>Two networks' inference times on the same random batch, timed alternately.</summary>
public sealed record InferenceSpeed(string Baseline, string Candidate, int Batch, Timing BaselineTime, Timing CandidateTime)
{
    /// <summary>How many times faster the candidate runs (median over median).</summary>
    public double Speedup => BaselineTime.Median / CandidateTime.Median;

    public static InferenceSpeed Compare(Module baseline, Module candidate, long[] inputShape, int batch = 256, int repeats = 10,
        string baselineName = "dense", string candidateName = "pruned", int warmUp = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        if (!baseline.Device.Accepts(candidate.Device))
            throw new ArgumentException($"the two networks must be on one device to be compared, not {baseline.Device} and {candidate.Device}", nameof(candidate));
        using var x = Tensor.RandN([batch, .. inputShape]).To(baseline.Device);
        using var baselineMode = new InferenceMode(baseline);
        using var candidateMode = new InferenceMode(candidate);
        void Run(Module m)
        {
            using var y = m.Forward(x);
        }
        var t = Timing.Alternate(warmUp, repeats, (baselineName, Timing.Synchronized(baseline.Device, () => Run(baseline))),
            (candidateName, Timing.Synchronized(candidate.Device, () => Run(candidate))));
        return new InferenceSpeed(baselineName, candidateName, batch, t[0], t[1]);
    }

    public override string ToString() =>
        $"batch {Batch}: {Baseline} {1000 * BaselineTime.Median:F2} ms, {Candidate} {1000 * CandidateTime.Median:F2} ms, speedup {Speedup:F2}×";
}
