using System.Diagnostics;
using Workbench.Checkpoints;
using Workbench.Tests.Reference;

namespace Workbench.Tests.Checkpoints;

/// <summary>
/// One run at a time may claim an output; the refusal names the output and the owner's pid; the claim goes
/// with its process however that ends, and leaves no file behind when released.
/// </summary>
public sealed class OutputLockTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void ASecondClaimIsRefusedUntilTheFirstIsReleased()
    {
        var output = folder.File("run.safetensors");
        using (OutputLock.Take(output))
        {
            Assert.True(File.Exists(OutputLock.PathOf(output)));
            var e = Assert.Throws<IOException>(() => OutputLock.Take(output, "--out"));
            Assert.Contains($"--out '{output}' is being written by another run (pid {Environment.ProcessId})", e.Message);
        }
        Assert.Empty(folder.FileNames());
        using (OutputLock.Take(output)) Assert.Equal(["run.safetensors.lock"], folder.FileNames());
    }

    /// <summary>An output reached through a symbolic link to its folder is claimed and released like any other.</summary>
    [Fact]
    public void AnOutputBehindASymbolicLinkIsClaimed()
    {
        Directory.CreateDirectory(folder.File("real"));
        Directory.CreateSymbolicLink(folder.File("linked"), folder.File("real"));
        var output = folder.File("linked/run.safetensors");
        using (OutputLock.Take(output))
        {
            Assert.True(File.Exists(folder.File("real/run.safetensors.lock")));
            Assert.Throws<IOException>(() => OutputLock.Take(output));
        }
        Assert.Empty(Directory.GetFiles(folder.File("real")));
    }

    /// <summary>
    /// Python's fcntl.lockf is an independent implementation of the same POSIX lock: while a Python process
    /// holds it the claim is refused naming that process, and once the process is killed (no clean-up of any
    /// kind) the claim succeeds, as after a crashed run.
    /// </summary>
    [Fact]
    public void AClaimHeldByAnotherProcessIsRefusedAndDiesWithIt()
    {
        var output = folder.File("model.safetensors");
        var script = folder.File("hold.py");
        File.WriteAllText(script, """
            import fcntl, os, sys, time
            f = open(sys.argv[1], "a+")
            fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 0)
            f.truncate(0); f.write(f"{os.getpid()}\n"); f.flush()
            print("held", flush=True)
            time.sleep(120)
            """);
        var start = new ProcessStartInfo(PyTorch.Python) { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(OutputLock.PathOf(output));
        using var holder = Process.Start(start)!;
        try
        {
            Assert.Equal("held", holder.StandardOutput.ReadLine());
            var e = Assert.Throws<IOException>(() => OutputLock.Take(output, "--out"));
            Assert.Contains($"(pid {holder.Id})", e.Message);
        }
        finally
        {
            holder.Kill();
            holder.WaitForExit();
        }
        using (OutputLock.Take(output)) Assert.Equal(Environment.ProcessId.ToString(), File.ReadAllText(OutputLock.PathOf(output)).Trim());
    }
}
