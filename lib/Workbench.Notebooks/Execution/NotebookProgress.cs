using System.Diagnostics;
using System.Globalization;
using System.Net;
using Workbench.Plotting;
using Workbench.Training;

namespace Workbench.Notebooks.Execution;

/// <summary>
/// A progress line under a long cell, updated in place: training steps, candidates searched, loop
/// iterations. Updates are throttled, so a fast loop does not flood the front end, but the last
/// report of an epoch or of a count always shows.
/// </summary>
public sealed class NotebookProgress : IProgress<TrainingProgress>, IProgress<string>
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly DisplayHandle handle;
    private readonly string label;
    private readonly Stopwatch sinceUpdate = Stopwatch.StartNew();
    private readonly Stopwatch elapsed = Stopwatch.StartNew();

    internal NotebookProgress(DisplayHandle handle, string label)
    {
        this.handle = handle;
        this.label = label;
    }

    internal static ProgressLine Start(string label) => new(label, 0, "starting", TimeSpan.Zero);

    public void Report(TrainingProgress p) =>
        Update((p.Epoch + (double)p.Step / p.StepsPerEpoch) / p.Epochs, $"epoch {p.Epoch + 1}/{p.Epochs}, step {p.Step}/{p.StepsPerEpoch}, loss {p.Loss:F4}", p.Step == p.StepsPerEpoch);

    /// <summary>A status line without a fraction (what the work is doing now).</summary>
    public void Report(string status) => Update(null, status, force: true);

    /// <summary><paramref name="done"/> of <paramref name="total"/> units of work, with an optional note.</summary>
    public void Report(int done, int total, string? note = null) =>
        Update(total > 0 ? (double)done / total : null, $"{done}/{total}{(note is null ? "" : $", {note}")}", done == total);

    private void Update(double? fraction, string status, bool force)
    {
        if (!force && sinceUpdate.Elapsed < Interval) return;
        sinceUpdate.Restart();
        handle.Update(new ProgressLine(label, fraction, status, elapsed.Elapsed));
    }
}

/// <summary>What a progress line shows: a bar in HTML front ends, one line of text elsewhere.</summary>
internal sealed record ProgressLine(string Label, double? Fraction, string Status, TimeSpan Elapsed) : IRichDisplay
{
    public IReadOnlyDictionary<string, object> ToMimeBundle()
    {
        var percent = Fraction is { } f ? $"{100 * f:F0}% " : "";
        var text = $"{Label}: {percent}{Status} ({Elapsed.TotalSeconds:F0} s)";
        var bar = Fraction is { } v ? string.Create(CultureInfo.InvariantCulture, $"<progress value=\"{v:F3}\" max=\"1\" style=\"width:12em\"></progress> ") : "";
        return new Dictionary<string, object>
        {
            ["text/plain"] = text,
            ["text/html"] = $"<div>{bar}<b>{WebUtility.HtmlEncode(Label)}</b> {WebUtility.HtmlEncode(percent + Status)} ({Elapsed.TotalSeconds:F0} s)</div>",
        };
    }
}
