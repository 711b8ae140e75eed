using Workbench.Torch;

namespace Workbench.Tests.Torch;

/// <summary>Device names parse as the CLI and notebooks write them, and a GPU this process cannot use is refused with the reason.</summary>
public class DeviceTests
{
    [Fact]
    public void CpuAndAutoParseAndAutoPicksTheGpuOnlyWhenThereIsOne()
    {
        Assert.Equal(Device.Cpu, Device.Parse(" CPU "));
        Assert.Equal(LibTorch.CudaIsAvailable ? Device.Cuda(0) : Device.Cpu, Device.Parse("auto"));
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    [InlineData("")]
    public void AnUnknownNameIsRefusedWithTheChoices(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => Device.Parse(text));
        Assert.Contains($"'{text}'", e.Message);
        Assert.Contains("cpu, cuda, cuda:N or auto", e.Message);
    }

    [Fact]
    public void AGpuThatIsNotThereIsRefusedNamingWhy()
    {
        var count = LibTorch.CudaIsAvailable ? LibTorch.CudaDeviceCount : 0;
        var missing = Assert.Throws<ArgumentException>(() => Device.Parse($"cuda:{count}"));
        Assert.Contains($"cuda:{count}", missing.Message);
        if (count == 0)
        {
            Assert.Contains("sees no CUDA device", Assert.Throws<ArgumentException>(() => Device.Parse("cuda")).Message);
        }
        else
        {
            Assert.Contains($"{count} CUDA device(s)", missing.Message);
            Assert.Equal(Device.Cuda(0), Device.Parse("cuda:0"));
        }
    }

    [Fact]
    public void AnUnindexedGpuAcceptsTensorsOnAnyGpuButAnIndexedOneOnlyItsOwn()
    {
        Assert.True(Device.Cuda().Accepts(Device.Cuda(1)));
        Assert.True(Device.Cuda(1).Accepts(Device.Cuda(1)));
        Assert.False(Device.Cuda(0).Accepts(Device.Cuda(1)));
        Assert.False(Device.Cuda().Accepts(Device.Cpu));
        Assert.True(Device.Cpu.Accepts(Device.Cpu));
    }
}
