using Workbench.Tests.EndToEnd;
using Workbench.Torch;

namespace Workbench.Tests.Torch;

public class AllocatorTuningTests
{
    [Fact]
    public void MallocIsTunedOnGlibcUnlessTheUserAsksForItsDefaults()
    {
        Assert.True(LibTorch.AllocatorTuned, "mallopt should succeed on this glibc system");
        var (exit, stdout, stderr) = CliProcess.Run(TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["WORKBENCH_MALLOC"] = "default" }, "info");
        Assert.True(exit == 0, stderr);
        Assert.Contains("malloc     glibc defaults", stdout);
        var (_, tuned, _) = CliProcess.Run(TimeSpan.FromMinutes(1), "info");
        Assert.Contains("malloc     mmap and trim thresholds raised", tuned);
    }
}
