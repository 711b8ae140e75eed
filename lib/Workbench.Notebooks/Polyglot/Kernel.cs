using Workbench.Notebooks.Execution;

namespace Microsoft.DotNet.Interactive;

/// <summary>
/// The part of Polyglot Notebooks' <c>Microsoft.DotNet.Interactive.Kernel</c> that cells call to ask the
/// user for input, under the same names, so notebooks written for Polyglot run unchanged: the front end
/// shows an input box (Jupyter's input_request). Where no front end can answer (allow_stdin false,
/// <c>workbench run</c>) they fail with <see cref="StdinNotImplementedException"/>.
/// </summary>
public static class Kernel
{
    /// <summary>Asks for a line of text, showing <paramref name="prompt"/>.</summary>
    /// <param name="typeHint">Polyglot's hint for the kind of input box; Jupyter front ends show a text box whatever it says.</param>
    public static Task<string> GetInputAsync(string prompt = "", string typeHint = "text") =>
        Task.FromResult(CellInput.Read(prompt, password: false));

    /// <summary>Asks for a password: the front end hides what is typed, and the value does not show when displayed.</summary>
    public static Task<PasswordString> GetPasswordAsync(string prompt = "") =>
        Task.FromResult(new PasswordString(CellInput.Read(prompt, password: true)));
}
