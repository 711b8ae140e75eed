using System.Runtime.CompilerServices;
using Workbench.Torch;

namespace Workbench.Tests.Cuda;

/// <summary>
/// A test that needs a CUDA device: it runs when the libtorch the shim was built against sees one,
/// and is reported as skipped (never as passed) when none is there.
/// </summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (!LibTorch.CudaIsAvailable) Skip = "no CUDA device (the libtorch the shim was built against sees none; see environment.md, 'Another libtorch (CUDA)')";
    }
}
