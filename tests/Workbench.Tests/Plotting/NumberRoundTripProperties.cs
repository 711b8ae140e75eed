using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Workbench.Plotting;

namespace Workbench.Tests.Plotting;

/// <summary>Whatever the series, plotly.js reads back exactly the numbers and labels that were plotted.</summary>
public class NumberRoundTripProperties
{
    // Uniform 64-bit patterns: every exponent, subnormals and full mantissas. FsCheck's own long
    // generator stays near zero (it scales with size), so the bits are drawn 16 at a time.
    private static readonly Gen<double> AnyBits =
        Gen.Choose(0, 0xFFFF).ArrayOf(4)
            .Select(parts => BitConverter.Int64BitsToDouble(parts.Aggregate(0L, (bits, part) => (bits << 16) | (long)part)))
            .Where(double.IsFinite);

    // Any finite double: uniform bit patterns, FsCheck's everyday doubles, and values serialisers get wrong.
    private static readonly Gen<double> Finite = Gen.OneOf(
        AnyBits,
        ArbMap.Default.GeneratorFor<double>().Where(double.IsFinite),
        Gen.Elements(0.0, -0.0, 0.1, 1.0 / 3, double.Epsilon, double.MaxValue, double.MinValue, 1e-300, 123456789.123456789));

    private static readonly Gen<(double[] X, double[] Y)> Series =
        from n in Gen.Choose(0, 40)
        from x in Finite.ArrayOf(n)
        from y in Finite.ArrayOf(n)
        select (x, y);

    [Fact]
    public void Serialised_numbers_round_trip_bit_exactly()
    {
        Prop.ForAll(Series.ToArbitrary(), series =>
        {
            var json = new Figure().Line(series.X, series.Y).Histogram(series.Y).ToJson();
            using var doc = JsonDocument.Parse(json);
            var data = doc.RootElement.GetProperty("data");
            Assert.Equal(Bits(series.X), Bits(Read(data[0].GetProperty("x"))));
            Assert.Equal(Bits(series.Y), Bits(Read(data[0].GetProperty("y"))));
            Assert.Equal(Bits(series.Y), Bits(Read(data[1].GetProperty("x"))));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Heatmap_matrices_and_labels_round_trip()
    {
        var text = Gen.Elements("aZ09 _-\"\\</>&é重😀\n".EnumerateRunes().Select(r => r.ToString()).ToArray()).ArrayOf().Select(string.Concat);
        var case_ =
            from rows in Gen.Choose(1, 6)
            from columns in Gen.Choose(1, 6)
            from z in Finite.ArrayOf(columns).ArrayOf(rows)
            from labels in text.ArrayOf(columns)
            select (z, labels);
        Prop.ForAll(case_.ToArbitrary(), c =>
        {
            var trace = PlotlyJsonReader.Trace(new Figure().Heatmap(c.z, x: c.labels), 0);
            var z = trace["z"]!.AsArray();
            for (int r = 0; r < c.z.Length; r++)
                Assert.Equal(Bits(c.z[r]), Bits([.. PlotlyJsonReader.Numbers(z[r]).Select(v => v!.Value)]));
            Assert.Equal(c.labels, PlotlyJsonReader.Strings(trace["x"]));
        }).QuickCheckThrowOnFailure();
    }

    private static double[] Read(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];

    // Bits, not ==, so that -0.0 must stay -0.0.
    private static long[] Bits(double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];
}
