using Workbench.Torch;

namespace Workbench.Nn;

/// <summary>Sees every module call on one thread while active: the module boundaries a dependency graph needs beside the tensor tape.</summary>
public interface IModuleTape
{
    void Entering(Module module, Tensor input);
    void Left(Module module, Tensor input, Tensor output);
}

/// <summary>The module tape active on this thread, if any.</summary>
public static class ModuleTape
{
    [ThreadStatic] private static IModuleTape? current;

    internal static IModuleTape? Current => current;

    public static IDisposable Record(IModuleTape tape)
    {
        var previous = current;
        current = tape;
        return new Restore(previous);
    }

    private sealed class Restore(IModuleTape? previous) : IDisposable
    {
        public void Dispose() => current = previous;
    }
}
