namespace Microsoft.DotNet.Interactive.Formatting;

/// <summary>
/// A formula in LaTeX math mode, shown as display math (text/latex between $$), as Polyglot's <c>MathString</c>
/// was; <see cref="LaTeXString"/> is the same without the $$. The archived package no longer has it, so the
/// workbench does, in the namespace notebooks import.
/// </summary>
public sealed class MathString(string latex)
{
    public const string MimeType = "text/latex";

    public string Latex { get; } = latex;

    public static implicit operator MathString(string latex) => new(latex);

    /// <summary>What a notebook shows: the formula between $$.</summary>
    public string DisplayMath => $"$${Latex}$$";

    public override string ToString() => Latex;
}
