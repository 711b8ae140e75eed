using Workbench.Nn;
using Workbench.Torch;

namespace Workbench.Measurement;

/// <summary>Two networks' inference times on the same random batch, timed alternately.</summary>
public sealed record InferenceSpeed(string Baseline, string Candidate, int Batch, Timing BaselineTime, Timing CandidateTime)
{
    /// <summary>How many times faster the candidate runs (median over median).</summary>
    public double Speedup => BaselineTime.Median / CandidateTime.Median;

    public static InferenceSpeed Compare(Module baseline, Module candidate, long[] inputShape, int batch = 256, int repeats = 10,
        string baselineName = "dense", string candidateName = "pruned")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        var (wasTrainingA, wasTrainingB) = (baseline.Training, candidate.Training);
        baseline.Eval();
        candidate.Eval();
        try
        {
            using var x = Tensor.RandN([batch, .. inputShape]).To(baseline.Device);
            void Run(Module m)
            {
                using var noGrad = Autograd.NoGrad();
                using var y = m.Forward(x);
            }
            var t = Timing.Alternate(2, repeats, (baselineName, () => Run(baseline)), (candidateName, () => Run(candidate)));
            return new InferenceSpeed(baselineName, candidateName, batch, t[0], t[1]);
        }
        finally
        {
            baseline.Train(wasTrainingA);
            candidate.Train(wasTrainingB);
        }
    }

    public override string ToString() =>
        $"batch {Batch}: {Baseline} {1000 * BaselineTime.Median:F2} ms, {Candidate} {1000 * CandidateTime.Median:F2} ms, speedup {Speedup:F2}×";
}
