using Microsoft.DotNet.Interactive.Formatting;

namespace Workbench.Notebooks.Execution;

/// <summary>
/// <c>x.Display()</c> on any value, as Polyglot notebooks write it: shows the value now (display_data) with the
/// workbench's formatting, or in the MIME types given, and returns Polyglot's handle, whose <c>Update(newValue)</c>
/// replaces that display.
/// </summary>
/// <remarks>
/// The formatting package has the same extension on <c>object</c> in namespace System. Generic, this one is the
/// better overload for every receiver whose static type is not object (an identity conversion beats one to object),
/// so cells get it without an ambiguity; on an <c>object</c> the package's shows the value the same way, and only
/// its Update is lost (see <see cref="DisplayRouting"/>).
/// </remarks>
public static class ValueDisplay
{
    public static DisplayedValue Display<T>(this T value, params string[] mimeTypes) => DisplayRouting.Show(value, mimeTypes);
}
