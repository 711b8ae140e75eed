using Workbench.Similarity;
using Workbench.Torch;
using static Workbench.Tests.Plotting.PlotlyJsonReader;
using static Workbench.Tests.Similarity.SmallNetworks;

namespace Workbench.Tests.Similarity;

public class CkaMatrixTests
{
    private static readonly string[] ConvLayers = ["features.2", "features.9", "features.19", "classifier.3"];

    [Theory]
    [InlineData(CkaEstimator.Full)]
    [InlineData(CkaEstimator.Minibatch)]
    public void A_network_against_itself_has_ones_on_the_diagonal_and_is_symmetric(CkaEstimator estimator)
    {
        using var net = ConvNet(11, trainedBatchNorm: false);
        using var data = Images(12, 12);
        // 12 images in batches of 5: the last 2 join the batch before (minibatch needs 4 rows).
        var m = CkaMatrix.Between(net, net, data, ConvLayers, ConvLayers, Normalization, limit: 12, batchSize: 5, estimator);
        for (int i = 0; i < ConvLayers.Length; i++)
        {
            Assert.Equal(1, m[i, i], 1e-9);
            for (int j = 0; j < ConvLayers.Length; j++) Assert.Equal(m[i, j], m[j, i], 1e-9);
        }
        Assert.Contains(m.Values.Cast<double>(), v => v < 0.99);
    }

    [Fact]
    public void The_full_matrix_is_linear_cka_of_the_captured_layers_for_two_different_networks()
    {
        using var scope = DisposeScope.Enter();
        using var convnet = ConvNet(13, trainedBatchNorm: false);
        using var resnet = ResNet(14);
        using var data = Images(10, 15);
        string[] resnetLayers = ["layer1", "layer2.0", "linear"];
        var m = CkaMatrix.Between(convnet, resnet, data, ConvLayers, resnetLayers, Normalization, limit: 10, batchSize: 4);
        Assert.Equal((4, 3), (m.Values.GetLength(0), m.Values.GetLength(1)));
        var a = FeatureCapture.Modules(convnet, data, ConvLayers, Normalization, 10);
        var b = FeatureCapture.Modules(resnet, data, resnetLayers, Normalization, 10);
        for (int i = 0; i < ConvLayers.Length; i++)
            for (int j = 0; j < resnetLayers.Length; j++)
                Assert.Equal(LinearCka.Compute(a[ConvLayers[i]], b[resnetLayers[j]]), m[i, j], 1e-9);
        var minibatch = CkaMatrix.Between(convnet, resnet, data, ConvLayers, resnetLayers, Normalization, limit: 10, batchSize: 5, CkaEstimator.Minibatch);
        Assert.All(minibatch.Values.Cast<double>(), v => Assert.True(double.IsFinite(v)));
        Assert.Throws<ArgumentException>(() => CkaMatrix.Between(convnet, resnet, data, ["features.2"], ["nope"], null, 10));
    }

    [Theory]
    [InlineData(CkaEstimator.Full)]
    [InlineData(CkaEstimator.Minibatch)]
    public void A_dead_layer_gives_nan_in_its_row_and_column_only(CkaEstimator estimator)
    {
        using var net = ConvNet(16);
        using var data = Images(8, 17);
        using (Autograd.NoGrad()) ((Workbench.Nn.Linear)net.Classifier[2]).Bias!.Fill_(-100); // hidden ReLU always 0
        string[] layers = ["features.0", "classifier.3"];
        var m = CkaMatrix.Between(net, net, data, layers, layers, Normalization, limit: 8, batchSize: 4, estimator);
        Assert.Equal(1, m[0, 0], 1e-9);
        Assert.True(double.IsNaN(m[0, 1]) && double.IsNaN(m[1, 0]) && double.IsNaN(m[1, 1]));
    }

    [Fact]
    public void Its_figure_is_a_heatmap_labelled_with_the_layers()
    {
        var m = new CkaMatrix(new[,] { { 1.0, 0.5, 0.2 }, { 0.4, 0.9, double.NaN } }, ["conv1", "fc"], ["0", "1", "2"]);
        var figure = m.ToFigure("pruned vs parent", rowTitle: "parent", columnTitle: "pruned");
        var trace = Trace(figure, 0);
        Assert.Equal("heatmap", Text(trace["type"]));
        Assert.Equal(["0", "1", "2"], Strings(trace["x"]));
        Assert.Equal(["conv1", "fc"], Strings(trace["y"]));
        Assert.Equal([0.4, 0.9, null], Numbers(trace["z"]![1]));
        // Colours span the values (smallest 0.2, so from 0.2) unless the full 0..1 range is asked for.
        Assert.Equal((0.2, 1.0), (trace["zmin"]!.GetValue<double>(), trace["zmax"]!.GetValue<double>()));
        Assert.Equal(0.0, Trace(m.ToFigure(fullRange: true), 0)["zmin"]!.GetValue<double>());
        var close = new CkaMatrix(new[,] { { 1.0, 0.73 }, { 0.81, 0.99 } }, ["a", "b"], ["c", "d"]);
        Assert.Equal(0.70, Trace(close.ToFigure(), 0)["zmin"]!.GetValue<double>(), 9);
        var layout = Layout(figure);
        Assert.Equal("category", Text(layout["xaxis"]!["type"]));
        Assert.Equal("reversed", Text(layout["yaxis"]!["autorange"]));
        Assert.Equal("parent", Text(layout["yaxis"]!["title"]!["text"]));
        Assert.Throws<ArgumentException>(() => new CkaMatrix(new double[2, 2], ["a"], ["b", "c"]));
    }
}
