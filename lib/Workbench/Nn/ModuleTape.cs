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
    internal static IModuleTape? Current => ThreadSlot<IModuleTape>.Current;

    public static IDisposable Record(IModuleTape tape) => ThreadSlot<IModuleTape>.Set(tape);
}
