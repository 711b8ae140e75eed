using System.Text.Json.Nodes;

namespace Workbench.Plotting;

/// <summary>
/// A value that knows how to show itself in a notebook (a figure, a report table). The notebook
/// engine asks for the bundle when the value is displayed; the library never depends on the engine.
/// </summary>
public interface IRichDisplay
{
    /// <summary>
    /// MIME type → content: a string for text types (text/plain, text/html), a <see cref="JsonNode"/>
    /// for JSON types (application/json, application/vnd.plotly.v1+json). Include text/plain.
    /// </summary>
    IReadOnlyDictionary<string, object> ToMimeBundle();
}
