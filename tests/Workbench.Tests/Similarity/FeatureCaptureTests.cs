using Workbench.Nn;
using Workbench.Similarity;
using Workbench.Torch;
using static Workbench.Tests.Similarity.SmallNetworks;

namespace Workbench.Tests.Similarity;

public class FeatureCaptureTests
{
    [Fact]
    public void ConvNet_penultimate_features_are_the_hidden_relu_computed_by_hand_in_evaluation_mode()
    {
        using var scope = DisposeScope.Enter();
        using var net = ConvNet(1);
        using var data = Images(10, 2);
        net.Train();
        // Batches of 3 over 7 images: 3 + 3 + 1, so order and the short last batch both matter.
        var captured = FeatureCapture.Penultimate(net, data, Normalization, limit: 7, batchSize: 3);
        Assert.True(net.Training, "the model's training mode is restored");
        Assert.Equal([7L, 7], captured.Shape);

        net.Eval();
        var hidden = (Linear)net.Classifier[2];
        var byHand = Evaluated(data, 7, x => Functional.Linear(net.Features.Forward(x).Flatten(1), hidden.Weight, hidden.Bias).Relu());
        Assert.True(MaxDifference(captured, byHand) < 1e-5, $"max difference {MaxDifference(captured, byHand)}");
        Assert.True((captured > 0).Any().Item<bool>() && captured.Eq(0).Any().Item<bool>(), "ReLU output, not the Linear's");
    }

    [Fact]
    public void ResNet_penultimate_features_are_its_embedding()
    {
        using var scope = DisposeScope.Enter();
        using var net = ResNet(3);
        using var data = Images(9, 4);
        var captured = FeatureCapture.Penultimate(net, data, Normalization, limit: 100, batchSize: 4);
        Assert.Equal([9L, 64], captured.Shape);
        net.Eval();
        Assert.True(MaxDifference(captured, Evaluated(data, 9, net.Embed)) < 1e-5);
        Assert.Throws<ArgumentException>(() => FeatureCapture.Penultimate(new Sequential(new ReLU()), data, null, 4));
    }

    [Fact]
    public void Named_modules_are_captured_flattened_in_dataset_order()
    {
        using var scope = DisposeScope.Enter();
        using var net = ConvNet(5);
        using var data = Images(10, 6);
        var features = FeatureCapture.Modules(net, data, ["features.0", "features.3", "classifier", ""], Normalization, limit: 8, batchSize: 3);
        Assert.Equal([8L, 4 * 8 * 8], features["features.0"].Shape);
        Assert.Equal([8L, 5 * 8 * 8], features["features.3"].Shape);
        Assert.Equal([8L, 10], features["classifier"].Shape);
        net.Eval();
        var logits = Evaluated(data, 8, net.Forward);
        Assert.True(MaxDifference(features[""], logits) < 1e-5);
        Assert.True(MaxDifference(features["classifier"], logits) < 1e-5);
        var conv = Evaluated(data, 8, x => net.Features[0].Forward(x).Flatten(1));
        Assert.True(MaxDifference(features["features.0"], conv) < 1e-5);
    }

    [Fact]
    public void An_unknown_module_name_is_rejected_listing_the_valid_ones()
    {
        using var net = ConvNet(7);
        using var data = Images(4, 8);
        var error = Assert.Throws<ArgumentException>(() => FeatureCapture.Modules(net, data, ["features.0", "features.99"], null, 4));
        Assert.Contains("'features.99'", error.Message);
        Assert.Contains("classifier.5", error.Message);
        Assert.Contains("features.0", error.Message);
    }
}
