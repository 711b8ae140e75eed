using Workbench.Nn;
using Workbench.Nn.Models;

namespace Workbench.Cli;

/// <summary>The networks the CLI builds by name (the library's list).</summary>
internal static class Models
{
    public static readonly string[] Names = [.. Networks.Names];

    public static Module Create(string name, int channels, int inputSize, int classes, double width) => Networks.Create(name, channels, inputSize, classes, width);
}
