using System.Diagnostics;
using System.Globalization;
using System.Text;
using Plotly.NET;
using Workbench.Plotting;

namespace Workbench.Cli.Bench;

/// <summary>
/// What showing a chart costs a notebook cell: Plotly.NET's serialiser (the first call in a process pays
/// for its reflection), and the whole MIME bundle the kernel sends (plotly JSON, HTML fallback, text).
/// </summary>
internal static class ChartBenchmarks
{
    public static (string Markdown, object Rows) Run(bool quick)
    {
        var repeats = quick ? 5 : 20;
        var ratios = Enumerable.Range(1, 9).Select(i => i / 10.0).ToArray();
        var cka = new double[20, 20];
        for (int r = 0; r < 20; r++) for (int c = 0; c < 20; c++) cka[r, c] = 1 - Math.Abs(r - c) / 40.0;
        var random = new Random(0);
        (string Name, Func<GenericChart> Build)[] charts =
        [
            ("curves: 6 series × 9 points", () => Charts.Curves("MCR", "ratio", "MCR (%)", [.. Enumerable.Range(1, 6).Select(s => ($"conv{s}", ratios, ratios.Select(x => s * x).ToArray()))])),
            ("heatmap: 20×20 CKA matrix", () => Charts.Heatmap("CKA", cka, zMin: 0.5, zMax: 1)),
            ("histogram: 50 candidates and a marked value", () => Charts.Histogram("candidates", [.. Enumerable.Range(0, 50).Select(_ => random.NextDouble())], markAt: 0.5, markLabel: "L1")),
        ];
        var md = new StringBuilder("| chart | first serialisation in the process (ms) | serialisation, warm (ms, median) | whole bundle, warm (ms, median) |\n|---|---|---|---|\n");
        var rows = new List<object>();
        foreach (var (name, build) in charts)
        {
            var chart = build();
            var first = ChartDisplay.TimeToSerialize(chart).TotalMilliseconds;
            var warm = Median(repeats, () => ChartDisplay.TimeToSerialize(chart));
            var bundle = Median(repeats, () => Time(() => ChartDisplay.MimeBundle(chart, embedPlotlyJs: false)));
            md.Append(CultureInfo.InvariantCulture, $"| {name} | {first:F1} | {warm:F2} | {bundle:F2} |\n");
            rows.Add(new { chart = name, firstMs = first, warmMs = warm, bundleMs = bundle });
        }
        return (md.ToString(), rows);
    }

    private static double Median(int repeats, Func<TimeSpan> time)
    {
        var samples = Enumerable.Range(0, repeats).Select(_ => time().TotalMilliseconds).Order().ToArray();
        return samples[samples.Length / 2];
    }

    private static TimeSpan Time(Action run)
    {
        var clock = Stopwatch.StartNew();
        run();
        return clock.Elapsed;
    }
}
