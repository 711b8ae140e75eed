using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workbench.Plotting;

/// <summary>Writes a <see cref="PlotMatrix"/> as plotly's z: an array of row arrays, non-finite values as null.</summary>
internal sealed class PlotMatrixConverter : JsonConverter<PlotMatrix>
{
    public override PlotMatrix Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("figures are serialised for plotly.js, not read back");

    public override void Write(Utf8JsonWriter writer, PlotMatrix value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var row in value.RowArrays)
        {
            writer.WriteStartArray();
            foreach (var n in row) PlotArrayConverter.WriteNumber(writer, n);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }
}
