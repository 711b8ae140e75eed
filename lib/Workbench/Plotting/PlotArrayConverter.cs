using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workbench.Plotting;

/// <summary>
/// Writes a <see cref="PlotArray"/> as a plain JSON array. JSON has no NaN or infinity, and plotly
/// reads null as "no value here" (a gap in a line), so non-finite numbers become null.
/// Figures are only written, never read back, so reading is not supported.
/// </summary>
internal sealed class PlotArrayConverter : JsonConverter<PlotArray>
{
    public override PlotArray Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("figures are serialised for plotly.js, not read back");

    public override void Write(Utf8JsonWriter writer, PlotArray value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        if (value.Numbers is { } numbers)
            foreach (var n in numbers) WriteNumber(writer, n);
        else
            foreach (var label in value.Labels!) writer.WriteStringValue(label);
        writer.WriteEndArray();
    }

    internal static void WriteNumber(Utf8JsonWriter writer, double n)
    {
        if (double.IsFinite(n)) writer.WriteNumberValue(n);
        else writer.WriteNullValue();
    }
}
