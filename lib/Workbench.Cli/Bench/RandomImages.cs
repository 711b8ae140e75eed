using Workbench.Data;
using Workbench.Torch;

namespace Workbench.Cli.Bench;

/// <summary>
/// Random images with random labels of ten classes: what a timing needs, since a step's or a candidate's
/// cost does not depend on what the images show, and no dataset has to be on the machine.
/// </summary>
internal static class RandomImages
{
    public static Dataset Of(long[] shape, int count, string name = "random images") =>
        new(Tensor.RandN([count, .. shape]), Tensor.RandInt(0, 10, [count]), [.. Enumerable.Range(0, 10).Select(i => $"{i}")], name);
}
