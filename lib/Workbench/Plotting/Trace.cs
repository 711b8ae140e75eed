using System.Text.Json.Serialization;

namespace Workbench.Plotting;

/// <summary>
/// A plotly.js trace: one entry of a figure's <c>data</c>. Property names follow plotly.js's
/// schema (camelCase, or plotly's all-lowercase names where it has them); unset properties are
/// left out so plotly.js applies its own defaults.
/// </summary>
public abstract class Trace
{
    /// <summary>plotly.js's trace type ("scatter", "bar", ...).</summary>
    [JsonPropertyOrder(-1)]
    public abstract string Type { get; }

    /// <summary>The legend entry and hover label.</summary>
    public string? Name { get; set; }

    [JsonPropertyName("showlegend")]
    public bool? ShowLegend { get; set; }

    /// <summary>The x axis this trace is drawn on: null for the first, "x2", "x3", ... for subplots.</summary>
    [JsonPropertyName("xaxis")]
    public string? XAxis { get; set; }

    /// <summary>The y axis this trace is drawn on: null for the first, "y2", "y3", ... for subplots.</summary>
    [JsonPropertyName("yaxis")]
    public string? YAxis { get; set; }
}
