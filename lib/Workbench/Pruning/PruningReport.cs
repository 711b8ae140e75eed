using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Workbench.Nn;
using Workbench.Plotting;
using Workbench.Torch;

namespace Workbench.Pruning;

/// <summary>
/// The accounting of a pruned network, per layer and in total: conv weights kept and removed,
/// parameters and MACs dense and effective, and the MCR before and after. Counts come from the
/// layers' shapes and masks alone. Sparsity is the paper's: the share of convolution weights removed.
/// Take the report before compaction to compare against the dense network.
/// </summary>
public sealed class PruningReport : IRichDisplay
{
    public IReadOnlyList<LayerReport> Layers { get; }
    public long TotalParameters { get; }
    public long EffectiveParameters { get; }
    public double? McrBefore { get; init; }
    public double? McrAfter { get; init; }

    private PruningReport(IReadOnlyList<LayerReport> layers, long total, long effective) =>
        (Layers, TotalParameters, EffectiveParameters) = (layers, total, effective);

    public IEnumerable<LayerReport> ConvLayers => Layers.Where(l => l.Kind == "Conv2d");
    public long ConvWeights => ConvLayers.Sum(l => l.Weights);
    public long KeptConvWeights => ConvLayers.Sum(l => l.KeptWeights);
    /// <summary>Share of convolution weights removed, as the coarse-pruning paper counts sparsity.</summary>
    public double ConvSparsity => ConvWeights == 0 ? 0 : 1 - (double)KeptConvWeights / ConvWeights;
    public long Macs => Layers.Sum(l => l.Macs);
    public long EffectiveMacs => Layers.Sum(l => l.EffectiveMacs);
    public double MacReduction => Macs == 0 ? 0 : 1 - (double)EffectiveMacs / Macs;
    public double? McrIncrease => McrBefore is { } b && McrAfter is { } a ? a - b : null;

    public static PruningReport Of(Module model, long[] inputShape, double? mcrBefore = null, double? mcrAfter = null)
    {
        var stats = ModelStats.Count(model, inputShape);
        var modules = model.NamedModules().ToDictionary(m => m.Name, m => m.Module);
        var norms = model is IConvNetwork net ? net.ConvLayers().ToDictionary(l => l.Name, l => l.Norm) : [];
        var labels = LayerLabels.Of(model);
        var layers = new List<LayerReport>();
        long removedParameters = 0;
        foreach (var s in stats.Layers)
        {
            var report = modules[s.Name] switch
            {
                Conv2d conv => ConvReport(s, conv, norms.GetValueOrDefault(s.Name)),
                Linear fc => LinearReport(s, fc),
                _ => null,
            };
            if (report is null) continue;
            report = report with { Label = labels.GetValueOrDefault(s.Name, s.Name) };
            layers.Add(report);
            removedParameters += report.Parameters - report.EffectiveParameters;
        }
        return new PruningReport(layers, stats.TotalParameters, stats.TotalParameters - removedParameters) { McrBefore = mcrBefore, McrAfter = mcrAfter };
    }

    private static LayerReport ConvReport(LayerStats s, Conv2d conv, BatchNorm2d? norm)
    {
        using var scope = DisposeScope.Enter();
        var w = conv.Weight.Shape;
        var (o, i, taps) = (w[0], w[1], w[2] * w[3]);
        var mask = conv.WeightMask is { } m ? m.Expand(w).To(DType.Float64) : Tensor.Ones(w, DType.Float64);
        var keptWeights = (long)mask.Sum().Item<double>();
        var keptKernels = (mask.Amax([2, 3]) > 0).Sum().Item<long>();
        var keptMaps = (mask.Flatten(1).Amax([1]) > 0).Sum().Item<long>();
        var perMap = (conv.Bias is null ? 0 : 1) + (norm is null ? 0 : 2);
        var parameters = o * i * taps + o * perMap;
        var effective = keptWeights + keptMaps * perMap;
        return new LayerReport(s.Name, "Conv2d", o * i * taps, keptWeights, o, keptMaps, o * i, keptKernels,
            parameters, effective, s.Macs, keptWeights * s.OutputShape[1] * s.OutputShape[2]);
    }

    private static LayerReport LinearReport(LayerStats s, Linear fc)
    {
        using var scope = DisposeScope.Enter();
        var weights = fc.InFeatures * fc.OutFeatures;
        var kept = fc.WeightMask is { } m ? (long)m.Expand(fc.OutFeatures, fc.InFeatures).To(DType.Float64).Sum().Item<double>() : weights;
        var bias = fc.Bias is null ? 0 : fc.OutFeatures;
        return new LayerReport(s.Name, "Linear", weights, kept, fc.OutFeatures, fc.OutFeatures, 0, 0, weights + bias, kept + bias, s.Macs, kept);
    }

    // The module path gets its own column only where the labels differ from it (the ConvNet's conv1 is features.0).
    private bool ShowsModules => Layers.Any(l => l.Label != l.Name);
    private int TextColumns => ShowsModules ? 3 : 2;

    private string[] Columns => ShowsModules
        ? ["layer", "module", "kind", "weights", "kept", "sparsity", "maps kept", "kernels kept", "params", "params eff.", "MACs", "MACs eff."]
        : ["layer", "kind", "weights", "kept", "sparsity", "maps kept", "kernels kept", "params", "params eff.", "MACs", "MACs eff."];

    private IEnumerable<string[]> Rows()
    {
        var modules = ShowsModules;
        string[] Row(string label, string module, string[] rest) => modules ? [label, module, .. rest] : [label, .. rest];
        foreach (var l in Layers)
            yield return Row(l.Label, l.Name,
            [
                l.Kind, N(l.Weights), N(l.KeptWeights), P(l.Sparsity), $"{l.KeptMaps}/{l.Maps}",
                l.Kind == "Conv2d" ? $"{l.KeptKernels}/{l.Kernels}" : "", N(l.Parameters), N(l.EffectiveParameters), N(l.Macs), N(l.EffectiveMacs),
            ]);
        yield return Row("total", "", ["", N(Layers.Sum(l => l.Weights)), N(Layers.Sum(l => l.KeptWeights)), $"conv {P(ConvSparsity)}", "", "",
            N(TotalParameters), N(EffectiveParameters), N(Macs), N(EffectiveMacs)]);
    }

    public string Summary =>
        $"conv sparsity {P(ConvSparsity)}, parameters {N(EffectiveParameters)}/{N(TotalParameters)}, MACs {N(EffectiveMacs)}/{N(Macs)} (−{P(MacReduction)})"
        + (McrBefore is { } b && McrAfter is { } a ? $", MCR {b:F2}% → {a:F2}% ({a - b:+0.00;-0.00} points)" : "");

    public override string ToString()
    {
        var columns = Columns;
        var rows = Rows().Prepend(columns).ToList();
        var widths = columns.Select((_, c) => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var r in rows) text.AppendLine(string.Join("  ", r.Select((cell, c) => c < TextColumns ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd());
        return text.Append(Summary).ToString();
    }

    public string ToCsv()
    {
        var csv = new StringBuilder("layer,kind,weights,kept_weights,sparsity,maps,kept_maps,kernels,kept_kernels,parameters,effective_parameters,macs,effective_macs\n");
        foreach (var l in Layers)
            csv.AppendLine(string.Join(',', l.Name, l.Kind, l.Weights, l.KeptWeights, l.Sparsity.ToString("G6", CultureInfo.InvariantCulture),
                l.Maps, l.KeptMaps, l.Kernels, l.KeptKernels, l.Parameters, l.EffectiveParameters, l.Macs, l.EffectiveMacs));
        return csv.ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(new
    {
        convSparsity = ConvSparsity, totalParameters = TotalParameters, effectiveParameters = EffectiveParameters,
        macs = Macs, effectiveMacs = EffectiveMacs, macReduction = MacReduction, mcrBefore = McrBefore, mcrAfter = McrAfter, layers = Layers,
    }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });

    public IReadOnlyDictionary<string, object> ToMimeBundle()
    {
        // Names left, counts right: Jupyter's own style right-aligns every cell.
        string Align(int column) => column < TextColumns ? " style=\"text-align:left\"" : " style=\"text-align:right\"";
        var html = new StringBuilder("<table><thead><tr>");
        foreach (var (c, i) in Columns.Select((c, i) => (c, i))) html.Append("<th").Append(Align(i)).Append('>').Append(WebUtility.HtmlEncode(c)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var r in Rows())
        {
            html.Append("<tr>");
            for (int i = 0; i < r.Length; i++) html.Append("<td").Append(Align(i)).Append('>').Append(WebUtility.HtmlEncode(r[i])).Append("</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table><p>").Append(WebUtility.HtmlEncode(Summary)).Append("</p>");
        return new Dictionary<string, object> { ["text/plain"] = ToString(), ["text/html"] = html.ToString() };
    }

    private static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);
    private static string P(double v) => v.ToString("P1", CultureInfo.InvariantCulture);
}
