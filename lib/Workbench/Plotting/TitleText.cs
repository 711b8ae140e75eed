namespace Workbench.Plotting;

/// <summary>
/// A title as plotly.js wants it: an object with <c>text</c>. plotly.js 3 dropped the plain-string
/// form, so a string title would be ignored.
/// </summary>
public sealed record TitleText(string Text);
