using FsCheck;
using FsCheck.Fluent;
using Workbench.Nn;
using Workbench.Pruning;

namespace Workbench.Tests.Pruning;

public class AccountingTests
{
    [Fact]
    public void SparsityAndMacsEqualCountsDerivedFromTheMasks()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40), Prop.ForAll(RandomNetworks.Cases(), c =>
        {
            using var net = RandomNetworks.Build(c);
            RandomNetworks.Prune(net, c);
            var report = PruningReport.Of(net, [2, 8, 8]);

            // Independent count: walk each conv's mask array; spatial sizes are 8, 8, 4, 4, 2, 2.
            int[] side = [8, 8, 4, 4, 2, 2];
            long total = 0, kept = 0, macs = 0, denseMacs = 0;
            foreach (var (layer, k) in net.ConvLayers().Select((l, k) => (l, k)))
            {
                var w = layer.Conv.Weight.Shape;
                var perKernel = w[2] * w[3];
                var mask = layer.Conv.WeightMask?.ToArray<float>();
                long layerKept = mask is null ? w[0] * w[1] * perKernel : (long)mask.Sum(v => (double)v) * (mask.Length == w[0] * w[1] ? perKernel : 1);
                total += w[0] * w[1] * perKernel;
                kept += layerKept;
                macs += layerKept * side[k] * side[k];
                denseMacs += w[0] * w[1] * perKernel * side[k] * side[k];
            }
            var fc = net.Classifier.Layers.OfType<Linear>().ToList();
            var fcKept = (long)(fc[0].WeightMask?.ToArray<float>().Sum(v => (double)v) * fc[0].OutFeatures ?? fc[0].InFeatures * fc[0].OutFeatures);
            macs += fcKept + fc[1].InFeatures * fc[1].OutFeatures;
            denseMacs += fc[0].InFeatures * fc[0].OutFeatures + fc[1].InFeatures * fc[1].OutFeatures;

            return (report.ConvWeights == total && report.KeptConvWeights == kept
                && Math.Abs(report.ConvSparsity - (1 - (double)kept / total)) < 1e-12
                && report.EffectiveMacs == macs && report.Macs == denseMacs).Label($"{c}: report {report.Summary}");
        }));
    }

    [Fact]
    public void ReportRendersAsTextHtmlCsvAndJson()
    {
        var c = new RandomNetworks.Case([4, 4, 4, 4, 4, 4], 5, true, 2, [0.5, 0, 0, 0, 0, 0], [0, 0.5, 0, 0, 0, 0], false);
        using var net = RandomNetworks.Build(c);
        RandomNetworks.Prune(net, c);
        var report = PruningReport.Of(net, [2, 8, 8], mcrBefore: 10, mcrAfter: 10.5);
        Assert.Contains("features.0", report.ToString());
        Assert.Contains("+0.50 points", report.Summary);
        Assert.StartsWith("<table>", (string)report.ToMimeBundle()["text/html"]);
        Assert.Equal(report.Layers.Count + 1, report.ToCsv().Trim().Split('\n').Length);
        Assert.Contains("\"convSparsity\"", report.ToJson());
        Assert.Equal(2, report.Layers[0].KeptMaps);
    }
}
